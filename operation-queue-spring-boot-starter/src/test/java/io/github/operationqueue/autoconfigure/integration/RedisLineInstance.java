package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;

import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.autoconfigure.SharedLinesAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

/**
 * One application instance whose line {@value SharedLineInstances#LINE} is shared through a
 * {@link RedisLockRegistry} named {@code lineLocks}; the instance's own {@link RedisConnectionFactory}
 * is registered by the test.
 *
 * <p>The registry spins ({@code SPIN_LOCK}) rather than subscribing to unlock notifications: in
 * {@code PUB_SUB_LOCK} mode its first contended {@code tryLock} starts a message listener container,
 * which on a heavily loaded machine once took longer than the coordinator's 5 s bound and failed the
 * acquisition. The notified mode has its own test, with a longer bound
 * ({@link SharedLineRedisTests#aWaiterOfAnotherInstanceIsWokenByTheRegistrysUnlockNotification}).
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ OperationQueueAutoConfiguration.class, SharedLinesAutoConfiguration.class })
class RedisLineInstance {

    /** The registry's time to live: how long a dead holder keeps the line. Short, so that takeovers are quick. */
    static final Duration TTL = Duration.ofSeconds(3);

    @Bean
    RedisLockRegistry lineLocks(RedisConnectionFactory connectionFactory) {
        RedisLockRegistry registry = new RedisLockRegistry(connectionFactory, "operation-queue-tests", TTL);
        registry.setRedisLockType(RedisLockRegistry.RedisLockType.SPIN_LOCK);
        return registry;
    }

}
