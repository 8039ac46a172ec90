package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.autoconfigure.SharedLinesAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * One application instance whose line {@value SharedLineInstances#LINE} is shared through a
 * {@link JdbcLockRegistry} named {@code lineLocks}; the instance's own {@link DataSource} (its
 * connection pool to the shared database) is registered by the test.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ OperationQueueAutoConfiguration.class, SharedLinesAutoConfiguration.class })
class JdbcLineInstance {

    /** The registry's time to live: how long a dead holder keeps the line. Short, so that takeovers are quick. */
    static final Duration TTL = Duration.ofSeconds(3);

    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    DefaultLockRepository lockRepository(DataSource dataSource) {
        return new DefaultLockRepository(dataSource);
    }

    @Bean
    JdbcLockRegistry lineLocks(DefaultLockRepository lockRepository) {
        return new JdbcLockRegistry(lockRepository, TTL);
    }

}
