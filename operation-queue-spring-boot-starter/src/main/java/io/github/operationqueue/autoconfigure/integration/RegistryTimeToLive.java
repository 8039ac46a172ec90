package io.github.operationqueue.autoconfigure.integration;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads the time to live that a Spring Integration registry gives its locks. Neither
 * {@code JdbcLockRegistry} nor {@code RedisLockRegistry} publishes it, so it is read from the field
 * their constructor sets; a registry of another kind, or a version whose field moved, answers
 * {@code null}, and the caller says so.
 */
final class RegistryTimeToLive {

    private static final Logger logger = LoggerFactory.getLogger(RegistryTimeToLive.class);

    /** The registries whose time to live can be read, by class name, with the field that holds it. */
    private static final Map<String, String> FIELDS = Map.of(
            "org.springframework.integration.jdbc.lock.JdbcLockRegistry", "ttl",
            "org.springframework.integration.redis.util.RedisLockRegistry", "expireAfter");

    private RegistryTimeToLive() {
    }

    static @Nullable Duration of(LockRegistry<?> registry) {
        Class<?> type = ClassUtils.getUserClass(registry);
        String fieldName = FIELDS.get(type.getName());
        if (fieldName == null) {
            return null;
        }
        Field field = ReflectionUtils.findField(type, fieldName, Duration.class);
        if (field == null) {
            logger.debug("{} has no Duration field '{}'; its time to live is unknown", type.getName(), fieldName);
            return null;
        }
        try {
            ReflectionUtils.makeAccessible(field);
            return (Duration) field.get(registry);
        }
        catch (IllegalAccessException | RuntimeException ex) {
            logger.debug("Could not read the time to live of {}: {}", type.getName(), ex.toString());
            return null;
        }
    }

}
