package io.github.operationqueue.autoconfigure.integration;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.operationqueue.line.LineCoordinationException;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineHolder;
import io.github.operationqueue.line.Token;
import io.github.operationqueue.micrometer.LineMetrics;
import io.github.operationqueue.micrometer.MeterNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances, each with its own connection pool and {@code JdbcLockRegistry}, share a line
 * through one real PostgreSQL server that this class starts (see {@link PostgresServer}); 300
 * concurrent requests hit an expired login of a {@link StandInRemoteService}. The lease tests add two
 * lines of their own on another key: a holder cut off from the server, or whose registry calls hang
 * there, learns that its lease is lost before the lock's time to live ends, and so before another
 * instance can take the line, and its coordinator closes within its bound whatever the registry does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedLinePostgresTests {

    private static final Logger logger = LoggerFactory.getLogger(SharedLinePostgresTests.class);

    private static final int REQUESTS_PER_INSTANCE = 100;

    /** The lease tests' time to live; their coordinators use a key of their own, away from the instances'. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);

    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);

    private static PostgresServer postgres;

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    private final StandInRemoteService service = new StandInRemoteService(Duration.ofMillis(100));

    private SharedLineInstances instances;

    /** Lines outside the instances, for the lease tests: their coordinators and meter binders. */
    private final List<LockRegistryLineCoordinator> coordinators = new ArrayList<>();

    private final List<LineMetrics> binders = new ArrayList<>();

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
        this.binders.forEach(LineMetrics::close);
        this.coordinators.forEach(LockRegistryLineCoordinator::close);
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


    @Test
    void aHolderWhosePoolIsGoneIsToldBeforeTheTimeToLiveEndsAndBeforeAnotherInstanceAcquires() {
        HikariDataSource holderPool = pool("holder");
        Line holder = line(holderPool);
        Line other = line(pool("other"));
        LeaseWatch watch = new LeaseWatch(holder);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.binders.add(LineMetrics.monitor(meters, holder));
        Token token = LeaseWatch.acquire(holder);

        // The holder's connections go: no renewal reaches the database any more.
        long cutOffAt = System.nanoTime();
        holderPool.close();
        long otherAcquiredAt = LeaseWatch.firstAcquisitionNanos(other, LEASE_TTL.multipliedBy(4));

        assertThat(watch.reported()).as("lease lost reported before the other instance acquired").isTrue();
        long reportAfter = watch.lostAtNanos() - cutOffAt;
        logger.info("PostgreSQL, pool closed: lease lost reported {} after the cut, {} before the other instance "
                + "acquired (time to live {})", LeaseWatch.millis(reportAfter),
                LeaseWatch.millis(otherAcquiredAt - watch.lostAtNanos()), LEASE_TTL);
        assertThat(reportAfter).isLessThan(LEASE_TTL.toNanos());
        assertThat(otherAcquiredAt).isGreaterThan(watch.lostAtNanos());
        assertThat(token.isLeaseLost()).isTrue();
        assertThat(meters.get(MeterNames.LINE_LEASES_LOST).counter().count()).isEqualTo(1.0);
        token.close();
    }

    @Test
    void aRenewalHangingInTheDatabaseDelaysNeitherTheReportNorClose() throws Exception {
        LockRegistryLineCoordinator coordinator = coordinator(pool("holder"));
        Line holder = new Line(SharedLineInstances.LINE, coordinator);
        Line other = line(pool("other"));
        LeaseWatch watch = new LeaseWatch(holder);
        Token token = LeaseWatch.acquire(holder);

        long blockedAt;
        try (HikariDataSource admin = postgres.dataSource("blocker", 1); Connection blocker = admin.getConnection()) {
            // Every statement on the lock table now waits for this transaction: the holder's renewals hang.
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE INT_LOCK IN ACCESS EXCLUSIVE MODE");
            }
            blockedAt = System.nanoTime();

            await().atMost(LEASE_TTL).until(watch::reported);
            assertThat(token.isLeaseLost()).isTrue();

            long closing = System.nanoTime();
            coordinator.close();
            long closeTook = System.nanoTime() - closing;
            logger.info("PostgreSQL, lock table blocked: lease lost reported {} after the block; close() took {} with "
                    + "the release hanging (bound {})", LeaseWatch.millis(watch.lostAtNanos() - blockedAt),
                    LeaseWatch.millis(closeTook), ACQUIRE_TIMEOUT);
            assertThat(closeTook).isLessThan(ACQUIRE_TIMEOUT.plusMillis(500).toNanos());
            blocker.rollback();
        }
        token.close();
        long otherAcquiredAt = LeaseWatch.firstAcquisitionNanos(other, LEASE_TTL.multipliedBy(4));
        assertThat(otherAcquiredAt).isGreaterThan(watch.lostAtNanos());
    }

    private HikariDataSource pool(String name) {
        return this.pools.computeIfAbsent(name, (pool) -> postgres.dataSource(pool, 2));
    }

    private Line line(HikariDataSource pool) {
        return new Line(SharedLineInstances.LINE, coordinator(pool));
    }

    private LockRegistryLineCoordinator coordinator(HikariDataSource pool) {
        DefaultLockRepository repository = new DefaultLockRepository(pool);
        repository.setTransactionManager(new DataSourceTransactionManager(pool));
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator
            .builder(new JdbcLockRegistry(repository, LEASE_TTL), SharedLineInstances.LINE)
            .lockKey("lease-loss")
            .acquireTimeout(ACQUIRE_TIMEOUT)
            .maxPollInterval(Duration.ofMillis(100))
            .build();
        this.coordinators.add(coordinator);
        return coordinator;
    }

}
