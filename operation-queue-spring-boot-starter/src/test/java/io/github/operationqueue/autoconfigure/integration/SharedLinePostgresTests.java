package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.operationqueue.line.LineCoordinationException;
import io.github.operationqueue.line.LineHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances, each with its own connection pool and {@code JdbcLockRegistry}, share a line
 * through one real PostgreSQL server that this class starts (see {@link PostgresServer}); 300
 * concurrent requests hit an expired login of a {@link StandInRemoteService}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedLinePostgresTests {

    private static final int REQUESTS_PER_INSTANCE = 100;

    private static PostgresServer postgres;

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    private final StandInRemoteService service = new StandInRemoteService(Duration.ofMillis(100));

    private SharedLineInstances instances;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void startInstances() {
        try (HikariDataSource admin = postgres.dataSource("admin", 1)) {
            new JdbcTemplate(admin).update("DELETE FROM INT_LOCK");
        }
        this.instances = SharedLineInstances.start(JdbcLineInstance.class, List.of("first", "second", "third"),
                (name) -> (context) -> context.getBeanFactory().registerSingleton("dataSource",
                        this.pools.computeIfAbsent(name, (pool) -> postgres.dataSource(pool, 2))));
    }

    @AfterEach
    void stopInstances() {
        this.instances.close();
        this.pools.values().forEach(HikariDataSource::close);
    }

    @Test
    void threeInstancesLogInOncePerExpiryAndEveryRequestSucceeds() throws Exception {
        for (int expiry = 1; expiry <= 2; expiry++) {
            this.service.expire();

            Map<String, List<Throwable>> outcomes = this.instances.serve(this.service, REQUESTS_PER_INSTANCE);

            outcomes.forEach((instance, failures) -> assertThat(failures).as(instance).containsOnlyNulls()
                .hasSize(REQUESTS_PER_INSTANCE));
            assertThat(this.service.logins()).as("logins after expiry %d", expiry).isEqualTo(expiry);
        }
        assertThat(this.service.mostLoginsAtOnce()).isEqualTo(1);
    }

    @Test
    void whenTheHolderDiesInTheMiddleOfItsLoginAnotherInstanceTakesOverAfterTheTimeToLive() throws Exception {
        CompletableFuture<Void> logins = this.service.holdLogins();
        this.service.expire();
        CompletableFuture<Map<String, List<Throwable>>> serving = CompletableFuture.supplyAsync(() -> {
            try {
                return this.instances.serve(this.service, REQUESTS_PER_INSTANCE);
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        String holder = this.service.loginStarted().get(30, TimeUnit.SECONDS);

        // The holder's process dies: its connections go, so neither an unlock nor a renewal reaches the database.
        this.service.kill(holder);
        this.pools.get(holder).close();
        logins.complete(null);
        Map<String, List<Throwable>> outcomes = serving.get(90, TimeUnit.SECONDS);

        outcomes.forEach((instance, failures) -> {
            if (instance.equals(holder)) {
                assertThat(failures).filteredOn(Objects::nonNull).isNotEmpty()
                    .allSatisfy((failure) -> assertThat(failure).isInstanceOfAny(IllegalStateException.class,
                            LineCoordinationException.class));
            }
            else {
                assertThat(failures).as(instance).containsOnlyNulls().hasSize(REQUESTS_PER_INSTANCE);
            }
        });
        assertThat(this.service.logins()).isEqualTo(1);
        assertThat(this.service.mostLoginsAtOnce()).isEqualTo(1);
        for (String survivor : this.instances.names()) {
            if (!survivor.equals(holder)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> this.instances.line(survivor).holder() == LineHolder.NONE);
            }
        }
    }

    @Test
    void whileTheDatabaseIsDownRequestsFailClearlyAndTheLineRecoversWhenItIsBack() throws Exception {
        this.service.expire();
        assertThat(this.instances.serve(this.service, REQUESTS_PER_INSTANCE).values())
            .allSatisfy((failures) -> assertThat(failures).containsOnlyNulls());
        assertThat(this.service.logins()).isEqualTo(1);

        postgres.stopServer();
        try {
            this.service.expire();
            Map<String, List<Throwable>> outcomes = this.instances.serve(this.service, REQUESTS_PER_INSTANCE);

            outcomes.forEach((instance, failures) -> assertThat(failures).as(instance)
                .hasSize(REQUESTS_PER_INSTANCE)
                .allSatisfy((failure) -> assertThat(failure).isInstanceOf(LineCoordinationException.class)
                    .hasMessageStartingWith(SharedLineInstances.LINE + ": failed ")));
            assertThat(this.service.logins()).as("nobody logs in without the lock").isEqualTo(1);
        }
        finally {
            postgres.startServer();
        }

        Map<String, List<Throwable>> outcomes = this.instances.serve(this.service, REQUESTS_PER_INSTANCE);

        outcomes.forEach((instance, failures) -> assertThat(failures).as(instance).containsOnlyNulls());
        assertThat(this.service.logins()).isEqualTo(2);
    }

}
