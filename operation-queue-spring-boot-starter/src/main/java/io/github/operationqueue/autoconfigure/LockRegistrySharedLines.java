package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.operationqueue.autoconfigure.integration.LockRegistryLineCoordinator;
import io.github.operationqueue.autoconfigure.integration.UnsafeRenewalException;
import io.github.operationqueue.line.LineCoordinator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.util.ClassUtils;

/**
 * Coordinates each line configured with {@code lock-registry} through a
 * {@link LockRegistryLineCoordinator} on that {@link LockRegistry} bean, built at startup so that
 * unsafe timing fails the start; closes them all when the context closes (before the registries,
 * which it depends on). A shared line asked for after that fails rather than becoming local.
 */
final class LockRegistrySharedLines implements SharedLineCoordinators, AutoCloseable {

    private static final String REDIS_LOCK_REGISTRY = "org.springframework.integration.redis.util.RedisLockRegistry";

    private final Map<String, LockRegistryLineCoordinator> coordinators;

    private volatile boolean closed;

    private LockRegistrySharedLines(Map<String, LockRegistryLineCoordinator> coordinators) {
        this.coordinators = Map.copyOf(coordinators);
    }

    /**
     * Looks up the lock registry of each shared line and builds its coordinator from the line's
     * settings, failing the start with the property's path when a bean is missing or is no
     * {@code LockRegistry}, or when a setting is invalid or unsafe.
     */
    static LockRegistrySharedLines create(Map<String, OperationQueueProperties.Line> lines,
            ListableBeanFactory beanFactory) {
        Map<String, LockRegistryLineCoordinator> coordinators = new LinkedHashMap<>();
        try {
            lines.forEach((line, settings) -> coordinators.put(line,
                    coordinator(line, settings, registry(line, settings.getLockRegistry().trim(), beanFactory))));
        }
        catch (RuntimeException ex) {
            coordinators.values().forEach(LockRegistryLineCoordinator::close);
            throw ex;
        }
        return new LockRegistrySharedLines(coordinators);
    }

    private static LockRegistry<?> registry(String line, String beanName, ListableBeanFactory beanFactory) {
        String path = SharedLineSettings.path(line);
        Object bean;
        try {
            bean = beanFactory.getBean(beanName);
        }
        catch (NoSuchBeanDefinitionException ex) {
            throw new InvalidOperationQueueConfigurationException(path, "there is no bean named '" + beanName + "'.",
                    "Set " + path + " to the name of a Spring Integration LockRegistry bean (known LockRegistry "
                            + "beans: " + String.join(", ", beanFactory.getBeanNamesForType(LockRegistry.class))
                            + "), or remove it to keep the line local.");
        }
        if (!(bean instanceof LockRegistry<?> registry)) {
            throw new InvalidOperationQueueConfigurationException(path,
                    "the bean '" + beanName + "' is a " + bean.getClass().getName() + ", not a LockRegistry.",
                    "Set " + path + " to the name of a Spring Integration LockRegistry bean, such as a "
                            + "JdbcLockRegistry or a RedisLockRegistry.");
        }
        return registry;
    }

    private static LockRegistryLineCoordinator coordinator(String line, OperationQueueProperties.Line settings,
            LockRegistry<?> registry) {
        LockRegistryLineCoordinator.Builder builder = LockRegistryLineCoordinator.builder(registry, line)
            .waitInRegistry(isRedis(registry))
            .acquireTimeout(positive(line, "acquire-timeout", settings.getAcquireTimeout()))
            .maxPollInterval(positive(line, "max-poll-interval", settings.getMaxPollInterval()));
        if (settings.getRenewEvery() != null) {
            builder.renewEvery(positive(line, "renew-every", settings.getRenewEvery()));
        }
        if (settings.getTimeToLive() != null) {
            builder.timeToLive(positive(line, "time-to-live", settings.getTimeToLive()));
        }
        try {
            return builder.build();
        }
        catch (UnsafeRenewalException ex) {
            String path = SharedLineSettings.path(line, "renew-every");
            throw new InvalidOperationQueueConfigurationException(path, ex.getMessage() + ".",
                    "Set " + path + " to at most " + ex.longestSafeRenewal().toMillis() + " ms, remove it to renew "
                            + "every third of the time to live, or raise the time to live ("
                            + SharedLineSettings.path(line, "time-to-live") + " or the registry's).");
        }
    }

    private static Duration positive(String line, String property, @Nullable Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            String path = SharedLineSettings.path(line, property);
            throw new InvalidOperationQueueConfigurationException(path, "it must be a positive duration, but was "
                    + value + ".", "Set " + path + " to a positive duration such as 500ms or 5s, or remove it.");
        }
        return value;
    }

    @Override
    public @Nullable LineCoordinator apply(String name) {
        LockRegistryLineCoordinator coordinator = this.coordinators.get(name);
        if (coordinator != null && this.closed) {
            throw new IllegalStateException("The line '" + name + "' is shared through a lock registry, but the "
                    + "application context is closing: it cannot be created now (a local line would break the "
                    + "one-holder guarantee). Obtain shared lines while the application runs.");
        }
        return coordinator;
    }

    @Override
    public void close() {
        this.closed = true;
        this.coordinators.values().forEach(LockRegistryLineCoordinator::close);
    }

    /** The Redis registry wakes a waiting tryLock on release (PUB_SUB_LOCK) or spins cheaply on Redis. */
    private static boolean isRedis(LockRegistry<?> registry) {
        return ClassUtils.getUserClass(registry).getName().equals(REDIS_LOCK_REGISTRY);
    }

}
