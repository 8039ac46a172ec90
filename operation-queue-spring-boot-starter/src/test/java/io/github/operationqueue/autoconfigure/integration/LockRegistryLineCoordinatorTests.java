package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import com.zaxxer.hikari.HikariDataSource;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineHolder;
import io.github.operationqueue.line.LineListener;
import io.github.operationqueue.line.Token;
import io.github.operationqueue.micrometer.LineMetrics;
import io.github.operationqueue.micrometer.MeterNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.core.io.ClassPathResource;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link LockRegistryLineCoordinator} on two {@code JdbcLockRegistry} clients of one H2 database, each
 * standing for a process, with a time to live of one second: renewal keeps a live holder's lock, a
 * holder whose lock vanished is reported, unsafe timing is refused, and a closed coordinator fails
 * every later call.
 */
@Timeout(30)
class LockRegistryLineCoordinatorTests {

    private static final Duration TTL = Duration.ofSeconds(1);

    private final HikariDataSource dataSource = new HikariDataSource();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        this.dataSource.setJdbcUrl("jdbc:h2:mem:coordinator-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        this.dataSource.setMaximumPoolSize(4);
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/integration/jdbc/schema-h2.sql"))
            .execute(this.dataSource);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
        this.dataSource.close();
    }

    @Test
    void aLiveHolderKeepsItsLockPastTheTimeToLiveByRenewingIt() {
        Line holder = line(Duration.ofMillis(200));
        Line other = line(Duration.ofMillis(200));
        Token token = acquire(holder);

        await().during(TTL.multipliedBy(3)).atMost(TTL.multipliedBy(5))
            .until(() -> other.tryAcquireToken() instanceof AcquireOutcome.Failure);
        assertThat(other.holder()).isEqualTo(LineHolder.REMOTE);

        token.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> other.tryAcquireToken() instanceof AcquireOutcome.Success success
                && closed(success.token()));
    }

    @Test
    void aHolderWhoseLockVanishedFromTheStoreIsReportedToTheListenersTheMetersAndTheToken() {
        Line holder = line(Duration.ofMillis(200));
        Line other = line(Duration.ofMillis(200));
        List<Exception> lost = new CopyOnWriteArrayList<>();
        holder.addListener(new LineListener() {
            @Override
            public void leaseLost(Line line, Exception reason) {
                lost.add(reason);
            }
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        this.closeables.add(LineMetrics.monitor(registry, holder));
        Token token = acquire(holder);
        assertThat(registry.get(MeterNames.LINE_HOLDER).tag(MeterNames.HOLDER, "local").gauge().value()).isEqualTo(1.0);

        // Somebody deletes the lock behind the holder's back; another instance takes it.
        new JdbcTemplate(this.dataSource).update("DELETE FROM INT_LOCK");
        Token usurper = acquire(other);

        await().atMost(Duration.ofSeconds(5)).until(() -> lost.size() == 1);
        assertThat(lost.get(0)).hasMessageStartingWith("Could not renew");
        assertThat(token.isLeaseLost()).isTrue();
        assertThat(usurper.isLeaseLost()).isFalse();
        assertThat(registry.get(MeterNames.LINE_LEASES_LOST).tag(MeterNames.LINE, "shared").counter().count())
            .isEqualTo(1.0);
        token.close();
        usurper.close();
    }

    @Test
    void anInstanceWaitingForAnotherOneShowsARemoteHolderInItsMeters() {
        Line holder = line(Duration.ofMillis(200));
        Line other = line(Duration.ofMillis(200));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        this.closeables.add(LineMetrics.monitor(registry, other));
        Token token = acquire(holder);

        assertThat(other.tryAcquireToken()).isInstanceOf(AcquireOutcome.Failure.class);

        assertThat(registry.get(MeterNames.LINE_HOLDER).tags(MeterNames.HOLDER, "remote", MeterNames.DISTRIBUTED, "true")
            .gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(MeterNames.LINE_ACQUISITIONS).tag(MeterNames.OUTCOME, "busy").counter().count())
            .isEqualTo(1.0);
        token.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> other.holder() == LineHolder.NONE);
    }

    @Test
    void theNextAcquisitionInTheSameProcessWaitsForTheLastUnlockInsteadOfSeeingItselfAsAnotherHolder() {
        Line line = line(Duration.ofMillis(200));
        for (int round = 0; round < 50; round++) {
            // Each lease unlocks on the thread that took it; the next try runs on another thread.
            acquire(line).close();
        }
        assertThat(line.stats().busy()).isFalse();
    }

    @Test
    void anAwaitReleaseAfterCloseFailsAtOnceSayingTheCoordinatorWasClosed() {
        LockRegistryLineCoordinator coordinator = coordinator(Duration.ofMillis(200));
        coordinator.close();

        assertThatThrownBy(() -> coordinator.awaitRelease().get(2, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("'shared' was closed");
    }

    @Test
    void everyAwaitReleaseStartedWhileCloseRunsCompletes() throws Exception {
        LockRegistryLineCoordinator coordinator = coordinator(Duration.ofMillis(200));
        Line holder = line(Duration.ofMillis(200));
        Token token = acquire(holder);
        List<CompletableFuture<Void>> waits = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean closedForAWhile = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            while (!closedForAWhile.get()) {
                waits.add(coordinator.awaitRelease());
                started.countDown();
            }
        });
        waiter.start();
        started.await();

        coordinator.close();
        await().pollDelay(Duration.ofMillis(50)).until(() -> true);
        closedForAWhile.set(true);
        waiter.join();

        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(waits).allSatisfy((wait) -> assertThat(wait).isDone()));
        token.close();
    }

    @Test
    void closeInterruptsARegistryCallThatStillHangsAfterItsWaitTimedOut() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        LockRegistry<Lock> hangingStore = (key) -> new ReentrantLock() {
            @Override
            public boolean tryLock() {
                hanging.countDown();
                try {
                    new CountDownLatch(1).await();
                }
                catch (InterruptedException ex) {
                    interrupted.countDown();
                }
                return false;
            }
        };
        LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator.builder(hangingStore, "shared")
            .acquireTimeout(Duration.ofMillis(200))
            .build();
        this.closeables.add(coordinator);

        CompletableFuture<Void> wait = coordinator.awaitRelease();
        assertThat(hanging.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> wait.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
        coordinator.close();

        assertThat(interrupted.await(5, TimeUnit.SECONDS))
            .as("close() interrupts the thread of a registry call that has not returned")
            .isTrue();
    }

    @Test
    void aRenewalTooSlowForTheTimeToLiveIsRefusedWithTheNumbers() {
        JdbcLockRegistry registry = new JdbcLockRegistry(repository(), Duration.ofSeconds(2));

        assertThatThrownBy(() -> LockRegistryLineCoordinator.builder(registry, "shared")
            .renewEvery(Duration.ofSeconds(1))
            .build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("renewing every 1000 ms")
            .hasMessageContaining("time to live of 2000 ms")
            .hasMessageContaining("at most every 800 ms")
            .isInstanceOf(UnsafeRenewalException.class);
    }

    private Line line(Duration renewEvery) {
        return new Line("shared", coordinator(renewEvery));
    }

    private LockRegistryLineCoordinator coordinator(Duration renewEvery) {
        LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator
            .builder(new JdbcLockRegistry(repository(), TTL), "shared")
            .renewEvery(renewEvery)
            .maxPollInterval(Duration.ofMillis(100))
            .build();
        this.closeables.add(coordinator);
        return coordinator;
    }

    private DefaultLockRepository repository() {
        DefaultLockRepository repository = new DefaultLockRepository(this.dataSource);
        repository.setTransactionManager(new DataSourceTransactionManager(this.dataSource));
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        return repository;
    }

    private static Token acquire(Line line) {
        AcquireOutcome outcome = line.tryAcquireToken();
        assertThat(outcome).isInstanceOf(AcquireOutcome.Success.class);
        return ((AcquireOutcome.Success) outcome).token();
    }

    private static boolean closed(Token token) {
        token.close();
        return true;
    }

}
