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
 * {@link RedisLockRegistry} named {@code lineLocks}, in its notified mode; the instance's own
 * {@link RedisConnectionFactory} is registered by the test.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ OperationQueueAutoConfiguration.class, SharedLinesAutoConfiguration.class })
class RedisLineInstance {

    /** The registry's time to live: how long a dead holder keeps the line. Short, so that takeovers are quick. */
    static final Duration TTL = Duration.ofSeconds(3);

    @Bean
    RedisLockRegistry lineLocks(RedisConnectionFactory connectionFactory) {
        RedisLockRegistry registry = new RedisLockRegistry(connectionFactory, "operation-queue-tests", TTL);
        registry.setRedisLockType(RedisLockRegistry.RedisLockType.PUB_SUB_LOCK);
        return registry;
    }

}
