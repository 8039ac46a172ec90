package io.github.operationqueue.autoconfigure.integration;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads the time to live that a Spring Integration registry gives its locks. Neither
 * {@code JdbcLockRegistry} nor {@code RedisLockRegistry} publishes it, so it is read from the field
 * their constructor sets (a native image keeps that field through {@link RegistryTimeToLiveHints}).
 * A registry of another kind answers {@code null}, and the caller says so; a registry of a known kind
 * (or a subclass of one) whose field cannot be read fails, because counting it as unknown would
 * silently give up the local lease deadline.
 */
final class RegistryTimeToLive {

    /** The registries whose time to live can be read, by class name, with the field that holds it. */
    static final Map<String, String> FIELDS = Map.of(
            "org.springframework.integration.jdbc.lock.JdbcLockRegistry", "ttl",
            "org.springframework.integration.redis.util.RedisLockRegistry", "expireAfter");

    private RegistryTimeToLive() {
    }

    static @Nullable Duration of(LockRegistry<?> registry) {
        return of(registry, FIELDS);
    }

    /**
     * Reads the time to live of {@code registry} from the field {@code fields} names for its class or the
     * nearest superclass listed there.
     *
     * @throws IllegalStateException if such a class is found but its field cannot be read
     */
    static @Nullable Duration of(LockRegistry<?> registry, Map<String, String> fields) {
        for (Class<?> type = ClassUtils.getUserClass(registry); type != null; type = type.getSuperclass()) {
            String fieldName = fields.get(type.getName());
            if (fieldName != null) {
                return read(registry, type, fieldName);
            }
        }
        return null;
    }

    private static Duration read(LockRegistry<?> registry, Class<?> type, String fieldName) {
        Field field = ReflectionUtils.findField(type, fieldName, Duration.class);
        if (field == null) {
            throw unreadable(type, fieldName, null);
        }
        Duration ttl;
        try {
            ReflectionUtils.makeAccessible(field);
            ttl = (Duration) field.get(registry);
        }
        catch (IllegalAccessException | RuntimeException ex) {
            throw unreadable(type, fieldName, ex);
        }
        if (ttl == null) {
            throw unreadable(type, fieldName, null);
        }
        return ttl;
    }

    private static IllegalStateException unreadable(Class<?> type, String fieldName, @Nullable Exception cause) {
        return new IllegalStateException("Cannot read the lock time to live of " + type.getName() + " from its Duration "
                + "field '" + fieldName + "' (a Spring Integration version this starter does not know?); without it a "
                + "holder cut off from the store would not be told before another instance can take the lock. Set "
                + "the time to live yourself: operation-queue.lines.<line>.time-to-live, or "
                + "LockRegistryLineCoordinator.Builder.timeToLive(Duration)", cause);
    }

}
