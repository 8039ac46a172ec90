package io.github.operationqueue.line;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.operationqueue.testing.ConcurrentTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Lines made with a {@link LineCoordinator}: several lines of the same name stand for the same line
 * in several processes, coordinated through one {@link SharedLockStore}. Every wait has a timeout.
 */
@Timeout(20)
class DistributedLineTests {

    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(5);

    private static final long WAIT = 5;

    private final SharedLockStore store = new SharedLockStore();

    private final Line first = new Line("shared-login", this.store.coordinator("first", ACQUIRE_TIMEOUT));

    private final Line second = new Line("shared-login", this.store.coordinator("second", ACQUIRE_TIMEOUT));

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private final Logger coordinationLogger = (Logger) LoggerFactory.getLogger(LineCoordination.class);

    @BeforeEach
    void captureLogs() {
        this.logs.start();
        this.coordinationLogger.addAppender(this.logs);
    }

    @AfterEach
    void closeStore() throws InterruptedException {
        this.coordinationLogger.detachAppender(this.logs);
        this.store.close();
    }

    @Test
    void aLineWithACoordinatorIsDistributedAndAPlainOneIsNot() {
        Line local = new Line("local");

        assertThat(this.first.isDistributed()).isTrue();
        assertThat(local.isDistributed()).isFalse();
        assertThat(local.acquireToken()).isCompletedWithValueMatching(AcquireOutcome.Success.class::isInstance);
        assertThat(local.holder()).isEqualTo(LineHolder.LOCAL);
        assertThat(this.first.holder()).isEqualTo(LineHolder.NONE);
    }

    @Test
    void oneProcessAsksTheStoreOnceHoweverManyOfItsCallersRaceForTheLine() throws Exception {
        CompletableFuture<Void> answers = this.store.holdAnswers();
        List<CompletableFuture<AcquireOutcome>> outcomes = new CopyOnWriteArrayList<>();

        ConcurrentTestHarness.run(32, (i) -> outcomes.add(this.first.acquireToken()));
        assertThat(this.first.holder()).isEqualTo(LineHolder.ACQUIRING);
        answers.complete(null);

        List<Token> tokens = new ArrayList<>();
        for (CompletableFuture<AcquireOutcome> outcome : outcomes) {
            if (outcome.get(WAIT, TimeUnit.SECONDS) instanceof AcquireOutcome.Success success) {
                tokens.add(success.token());
            }
        }
        assertThat(this.store.attempts()).isEqualTo(1);
        assertThat(tokens).hasSize(1);
        assertThat(this.first.holder()).isEqualTo(LineHolder.LOCAL);
        assertThat(this.first.stats().acquiredCount()).isEqualTo(1);
        assertThat(this.first.stats().busyCount()).isEqualTo(31);
        tokens.get(0).close();
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> this.store.owner() == null);
    }

    @Test
    void anotherProcessIsToldToWaitUntilTheHolderClosesItsToken() throws Exception {
        Token held = acquire(this.first);

        AcquireOutcome outcome = this.second.tryAcquireToken();

        assertThat(outcome).isInstanceOf(AcquireOutcome.Failure.class);
        CompletableFuture<Void> released = ((AcquireOutcome.Failure) outcome).released();
        assertThat(this.second.holder()).isEqualTo(LineHolder.REMOTE);
        assertThat(this.second.tryAcquireToken()).isInstanceOf(AcquireOutcome.Failure.class);
        assertThat(this.store.attempts()).as("the second caller waits on the first one's question").isEqualTo(2);
        assertThat(released).isNotDone();

        held.close();

        released.get(WAIT, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> this.second.holder() == LineHolder.NONE);
        try (Token mine = acquire(this.second)) {
            assertThat(this.store.owner()).isEqualTo("second");
            assertThat(this.first.tryAcquireToken()).isInstanceOf(AcquireOutcome.Failure.class);
        }
    }

    @Test
    void aFailingStoreFailsTheCallerAndTheWaitersAndLeavesTheLineFree() {
        CompletableFuture<Void> answers = this.store.holdAnswers();
        this.store.failWith(new IllegalStateException("connection refused"));
        CompletableFuture<AcquireOutcome> asking = this.first.acquireToken();
        AcquireOutcome waiting = this.first.tryAcquireToken();
        answers.complete(null);

        assertThatExceptionOfType(ExecutionException.class)
            .isThrownBy(() -> asking.get(WAIT, TimeUnit.SECONDS))
            .havingCause()
            .isInstanceOf(LineCoordinationException.class)
            .withMessageContaining("shared-login")
            .withMessageContaining("connection refused");
        assertThatExceptionOfType(ExecutionException.class)
            .isThrownBy(() -> ((AcquireOutcome.Failure) waiting).released().get(WAIT, TimeUnit.SECONDS))
            .withCauseInstanceOf(LineCoordinationException.class);
        assertThat(this.first.holder()).isEqualTo(LineHolder.NONE);
        assertThatExceptionOfType(LineCoordinationException.class).isThrownBy(this.first::tryAcquireToken);
        assertThat(this.logs.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
            .startsWith("shared-login: failed acquiring the shared lock"));

        this.store.failWith(null);
        acquire(this.first).close();
    }

    @Test
    void aStoreThatDoesNotAnswerInTimeFailsTheAttemptAndALateLockIsGivenBack() throws Exception {
        Line impatient = new Line("shared-login", this.store.coordinator("impatient", Duration.ofMillis(100)));
        CompletableFuture<Void> answers = this.store.holdAnswers();

        assertThatExceptionOfType(LineCoordinationException.class).isThrownBy(impatient::tryAcquireToken)
            .withMessageContaining("no answer within PT0.1S");
        assertThat(impatient.holder()).isEqualTo(LineHolder.NONE);

        answers.complete(null);
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> this.store.attempts() == 1 && this.store.owner() == null);
        acquire(this.second).close();
    }

    @Test
    void waitersOfAnotherProcessFailWhenTheStoreFailsWhileTheyWait() throws Exception {
        Token held = acquire(this.first);
        CompletableFuture<Void> released = ((AcquireOutcome.Failure) this.second.tryAcquireToken()).released();

        this.store.failWith(new IllegalStateException("connection reset"));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> released.get(WAIT, TimeUnit.SECONDS))
            .havingCause()
            .isInstanceOf(LineCoordinationException.class)
            .withMessageContaining("waiting for another process to release the shared lock");
        assertThat(this.second.holder()).isEqualTo(LineHolder.NONE);
        held.close();
    }

    @Test
    void aHolderWhoseLockExpiredIsReportedToTheLogAndTheListeners() {
        List<Exception> lost = new CopyOnWriteArrayList<>();
        this.first.addListener(new LineListener() {
            @Override
            public void leaseLost(Line line, Exception reason) {
                lost.add(reason);
            }
        });
        Token held = acquire(this.first);

        this.store.expire();
        Token usurper = acquire(this.second);
        held.close();

        await().atMost(Duration.ofSeconds(WAIT)).until(() -> lost.size() == 1);
        assertThat(lost.get(0)).hasMessageContaining("had expired");
        assertThat(this.logs.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
            .startsWith("shared-login: the shared lock was lost while this process held the token"));
        usurper.close();
    }

    @Test
    void coalesceRunsTheHandlerOnceAcrossProcessesAndOrTokenKeepsWorking() throws Exception {
        Line third = new Line("shared-login", this.store.coordinator("third", ACQUIRE_TIMEOUT));
        AtomicInteger logins = new AtomicInteger();
        CompletableFuture<Void> loginDone = new CompletableFuture<>();
        List<CompletableFuture<Void>> outcomes = new CopyOnWriteArrayList<>();

        outcomes.add(this.first.coalesce(() -> {
            logins.incrementAndGet();
            return loginDone;
        }));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> this.first.holder() == LineHolder.LOCAL);
        for (Line line : List.of(this.first, this.second, third)) {
            for (int i = 0; i < 10; i++) {
                outcomes.add(line.coalesce(() -> {
                    logins.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                }));
            }
        }
        // Every process knows of the holder before it lets go; one that asked later would find the line
        // free and run its handler: coalesce cannot know that the failure was handled meanwhile.
        await().atMost(Duration.ofSeconds(WAIT))
            .until(() -> this.second.holder() == LineHolder.REMOTE && third.holder() == LineHolder.REMOTE);
        loginDone.complete(null);

        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(WAIT, TimeUnit.SECONDS);
        assertThat(logins).hasValue(1);
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> third.holder() == LineHolder.NONE);
        Token held = acquire(third);
        assertThat(third.tryAcquireToken().orToken(held)).isEqualTo(new AcquireOutcome.Success(held));
        held.close();
    }

    @Test
    void neverTwoHoldersAcrossProcessesWhileManyThreadsOfEachRaceForTheLine() {
        List<Line> processes = List.of(this.first, this.second,
                new Line("shared-login", this.store.coordinator("third", ACQUIRE_TIMEOUT)));
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger mostHolders = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();

        ConcurrentTestHarness.run(24, (thread) -> {
            Line line = processes.get(thread % processes.size());
            for (int round = 0; round < 20; round++) {
                AcquireOutcome outcome = line.tryAcquireToken();
                if (outcome instanceof AcquireOutcome.Success success) {
                    try (Token token = success.token()) {
                        mostHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                        for (int i = 0; i < 100; i++) {
                            Thread.yield(); // widen the window in which a second holder would show
                        }
                        held.incrementAndGet();
                        holders.decrementAndGet();
                    }
                }
                else if (outcome instanceof AcquireOutcome.Failure failure) {
                    failure.released().orTimeout(WAIT, TimeUnit.SECONDS).join();
                }
            }
        });

        assertThat(mostHolders).hasValue(1);
        assertThat(held).hasPositiveValue();
        assertThat(processes).allSatisfy((line) -> assertThat(line.stats().acquiredCount()).isPositive());
    }

    private static Token acquire(Line line) {
        AcquireOutcome outcome = line.tryAcquireToken();
        assertThat(outcome).isInstanceOf(AcquireOutcome.Success.class);
        return ((AcquireOutcome.Success) outcome).token();
    }

}
