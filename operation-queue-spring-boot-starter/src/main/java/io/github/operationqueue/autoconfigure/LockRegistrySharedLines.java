package io.github.operationqueue.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.operationqueue.autoconfigure.integration.LockRegistryLineCoordinator;
import io.github.operationqueue.line.LineCoordinator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.util.ClassUtils;

/**
 * Coordinates each line configured with {@code lock-registry} through a
 * {@link LockRegistryLineCoordinator} on that {@link LockRegistry} bean; closes them all when the
 * context closes (before the registries, which it depends on).
 */
final class LockRegistrySharedLines implements SharedLineCoordinators, AutoCloseable {

    private static final String REDIS_LOCK_REGISTRY = "org.springframework.integration.redis.util.RedisLockRegistry";

    private final Map<String, LockRegistry<?>> registries;

    private final Map<String, LockRegistryLineCoordinator> coordinators = new ConcurrentHashMap<>();

    private volatile boolean closed;

    LockRegistrySharedLines(Map<String, LockRegistry<?>> registries) {
        this.registries = Map.copyOf(registries);
    }

    /**
     * Looks up the lock registry of each shared line, failing the start with the property's path
     * when a bean is missing or is no {@code LockRegistry}.
     */
    static Map<String, LockRegistry<?>> resolve(Map<String, String> beanNames, ListableBeanFactory beanFactory) {
        Map<String, LockRegistry<?>> registries = new java.util.LinkedHashMap<>();
        beanNames.forEach((line, beanName) -> {
            String path = SharedLineSettings.path(line);
            Object bean;
            try {
                bean = beanFactory.getBean(beanName);
            }
            catch (NoSuchBeanDefinitionException ex) {
                throw new InvalidOperationQueueConfigurationException(path,
                        "there is no bean named '" + beanName + "'.",
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
            registries.put(line, registry);
        });
        return registries;
    }

    @Override
    public @Nullable LineCoordinator apply(String name) {
        LockRegistry<?> registry = this.registries.get(name);
        if (registry == null || this.closed) {
            return null;
        }
        return this.coordinators.computeIfAbsent(name, (line) -> LockRegistryLineCoordinator.builder(registry, line)
            .waitInRegistry(isRedis(registry))
            .build());
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
