package io.github.operationqueue.autoconfigure.integration;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.operationqueue.line.Line;
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
 * A holder cut off from PostgreSQL, or whose registry calls hang there, learns that its lease is
 * lost before the lock's time to live ends, and so before another instance can take the line; and
 * its coordinator closes within its bound whatever the registry does. Two instances, each with its
 * own pool and {@code JdbcLockRegistry}, on one server this class starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaseLossPostgresTests {

    private static final Logger logger = LoggerFactory.getLogger(LeaseLossPostgresTests.class);

    private static final Duration TTL = Duration.ofSeconds(3);

    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);

    private static PostgresServer postgres;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private final List<HikariDataSource> pools = new ArrayList<>();

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
    void emptyLockTable() {
        try (HikariDataSource admin = postgres.dataSource("admin", 1)) {
            new JdbcTemplate(admin).update("DELETE FROM INT_LOCK");
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
        this.pools.forEach(HikariDataSource::close);
    }

    @Test
    void aHolderWhosePoolIsGoneIsToldBeforeTheTimeToLiveEndsAndBeforeAnotherInstanceAcquires() {
        HikariDataSource holderPool = pool("holder");
        Line holder = line(holderPool);
        Line other = line(pool("other"));
        LeaseWatch watch = new LeaseWatch(holder);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.closeables.add(LineMetrics.monitor(meters, holder));
        Token token = LeaseWatch.acquire(holder);

        // The holder's connections go: no renewal reaches the database any more.
        long cutOffAt = System.nanoTime();
        holderPool.close();
        long otherAcquiredAt = LeaseWatch.firstAcquisitionNanos(other, TTL.multipliedBy(4));

        assertThat(watch.reported()).as("lease lost reported before the other instance acquired").isTrue();
        long reportAfter = watch.lostAtNanos() - cutOffAt;
        logger.info("PostgreSQL, pool closed: lease lost reported {} after the cut, {} before the other instance "
                + "acquired (time to live {})", LeaseWatch.millis(reportAfter),
                LeaseWatch.millis(otherAcquiredAt - watch.lostAtNanos()), TTL);
        assertThat(reportAfter).isLessThan(TTL.toNanos());
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

            await().atMost(TTL).until(watch::reported);
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
        long otherAcquiredAt = LeaseWatch.firstAcquisitionNanos(other, TTL.multipliedBy(4));
        assertThat(otherAcquiredAt).isGreaterThan(watch.lostAtNanos());
    }

    private HikariDataSource pool(String name) {
        HikariDataSource pool = postgres.dataSource(name, 2);
        this.pools.add(pool);
        return pool;
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
            .builder(new JdbcLockRegistry(repository, TTL), SharedLineInstances.LINE)
            .acquireTimeout(ACQUIRE_TIMEOUT)
            .maxPollInterval(Duration.ofMillis(100))
            .build();
        this.closeables.add(coordinator);
        return coordinator;
    }

}
