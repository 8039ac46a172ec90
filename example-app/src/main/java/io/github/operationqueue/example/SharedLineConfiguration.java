package io.github.operationqueue.example;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.lock.LockRepository;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Profile {@code shared-line}: the lock registry {@code lineLocks} through which the line
 * {@code remote-auth} is shared by every instance that uses the same database (its table
 * {@code INT_LOCK}), and the table where they keep their one login ({@link DatabaseTokenStore}). The
 * database comes from {@code example.shared-line.database.*}.
 *
 * <p>The pool is built here rather than by Spring Boot's DataSource auto-configuration, which the
 * application leaves off its class path: so the default profile starts without any database.
 */
@Configuration(proxyBeanMethods = false)
@Profile("shared-line")
class SharedLineConfiguration {

    @Bean
    HikariDataSource sharedLineDataSource(@Value("${example.shared-line.database.url}") String url,
            @Value("${example.shared-line.database.username:}") String username,
            @Value("${example.shared-line.database.password:}") String password) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("shared-line");
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Bean
    DefaultLockRepository lockRepository(DataSource sharedLineDataSource) {
        DefaultLockRepository repository = new DefaultLockRepository(sharedLineDataSource);
        // Its own transaction manager: the application has none, and should not gain one for the whole context.
        repository.setTransactionManager(new JdbcTransactionManager(sharedLineDataSource));
        return repository;
    }

    @Bean
    JdbcLockRegistry lineLocks(LockRepository lockRepository) {
        return new JdbcLockRegistry(lockRepository);
    }

    /** The login every instance uses: one login per expiry across instances needs one token they all read. */
    @Bean
    DatabaseTokenStore sharedToken(DataSource sharedLineDataSource) {
        return new DatabaseTokenStore(sharedLineDataSource);
    }

}
