package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import com.zaxxer.hikari.HikariDataSource;
import io.github.operationqueue.autoconfigure.actuate.LineDescriptor;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances share a line through a {@code JdbcLockRegistry} on one H2 database in memory: the
 * single-machine form of the shared line, with nothing to install.
 */
@Timeout(60)
class SharedLineH2Tests {

    private final String url = "jdbc:h2:mem:shared-line-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private final List<HikariDataSource> pools = new ArrayList<>();

    private SharedLineInstances instances;

    @AfterEach
    void stop() {
        if (this.instances != null) {
            this.instances.close();
        }
        this.pools.forEach(HikariDataSource::close);
    }

    @Test
    void threeInstancesLogInOncePerExpiryAndEveryRequestSucceeds() throws Exception {
        try (HikariDataSource schema = pool("schema")) {
            new ResourceDatabasePopulator(new ClassPathResource("org/springframework/integration/jdbc/schema-h2.sql"))
                .execute(schema);
        }
        this.instances = SharedLineInstances.start(JdbcLineInstance.class, List.of("first", "second", "third"),
                (name) -> (context) -> context.getBeanFactory().registerSingleton("dataSource", pool(name)));
        StandInRemoteService service = new StandInRemoteService(Duration.ofMillis(100));
        Line first = this.instances.line("first");
        assertThat(first.isDistributed()).isTrue();

        for (int expiry = 1; expiry <= 2; expiry++) {
            service.expire();
            Map<String, List<Throwable>> outcomes = this.instances.serve(service, 100);

            outcomes.forEach((instance, failures) -> assertThat(failures).as(instance).containsOnlyNulls().hasSize(100));
            assertThat(service.logins()).isEqualTo(expiry);
        }
        assertThat(service.mostLoginsAtOnce()).isEqualTo(1);
        assertThat(first.holder()).isEqualTo(LineHolder.NONE);
        LineDescriptor described = LineDescriptor.of(first);
        assertThat(described.distributed()).isTrue();
        assertThat(described.holder()).isEqualTo("none");
    }

    private HikariDataSource pool(String name) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("h2-" + name);
        pool.setJdbcUrl(this.url);
        pool.setMaximumPoolSize(2);
        this.pools.add(pool);
        return pool;
    }


}
