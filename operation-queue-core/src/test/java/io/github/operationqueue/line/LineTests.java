package io.github.operationqueue.line;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Single-threaded tests of {@link Line} and {@link Token}: the crate's line tests, ported, and the Java
 * additions (generation check, listeners, stats, coalescing). Every wait has a timeout.
 */
@Timeout(10)
class LineTests {

    private final Line line = new Line("test-line");

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private final Logger lineLogger = (Logger) LoggerFactory.getLogger(Line.class);

    @BeforeEach
    void captureLogs() {
        this.logs.start();
        this.lineLogger.addAppender(this.logs);
    }

    @AfterEach
    void releaseLogs() {
        this.lineLogger.detachAppender(this.logs);
    }

    @Test
    void acquiresTheTokenOfAFreeLine() {
        AcquireOutcome outcome = this.line.tryAcquireToken();

        assertThat(outcome).isInstanceOf(AcquireOutcome.Success.class);
        Token token = ((AcquireOutcome.Success) outcome).token();
        assertThat(token.line()).isSameAs(this.line);
        assertThat(this.line.tryAcquireToken()).isInstanceOf(AcquireOutcome.Failure.class);
        token.close();
    }

    @Test
    void tokenLeavingTryWithResourcesFreesTheLine() {
        try (Token token = acquire(this.line)) {
            assertThat(this.line.status()).isInstanceOf(LineStatus.Busy.class);
            assertThat(token).isNotNull();
        }
        assertThat(this.line.status()).isEqualTo(new LineStatus.Free());
        try (Token again = acquire(this.line)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void orTokenTurnsAFailureIntoSuccessWithTheHeldToken() {
        Token held = acquire(this.line);
        AcquireOutcome failure = this.line.tryAcquireToken();
        CompletableFuture<Void> released = ((AcquireOutcome.Failure) failure).released();

        AcquireOutcome outcome = failure.orToken(held);

        assertThat(outcome).isEqualTo(new AcquireOutcome.Success(held));
        assertThat(released).as("the unused waiter future is given up").isCancelled();
        assertThat(this.line.stats().waiters()).isZero();
        held.close();
    }

    @Test
    void orTokenWithoutATokenKeepsTheOutcome() {
        Token held = acquire(this.line);
        AcquireOutcome failure = this.line.tryAcquireToken();

        assertThat(failure.orToken(null)).isSameAs(failure);
        assertThat(((AcquireOutcome.Failure) failure).released()).isNotDone();
        held.close();

        AcquireOutcome success = this.line.tryAcquireToken();
        assertThat(success.orToken(null)).isSameAs(success);
        assertThat(success.orToken(held)).as("a success keeps its own, newer token").isSameAs(success);
        ((AcquireOutcome.Success) success).token().close();
    }

    @Test
    void closingTheTokenCompletesTheWaiterOnTheClosingThread() {
        Token token = acquire(this.line);
        CompletableFuture<Void> released = waitFor(this.line.tryAcquireToken());
        AtomicReference<Thread> signalledOn = new AtomicReference<>();
        released.thenRun(() -> signalledOn.set(Thread.currentThread()));
        assertThat(released).isNotDone();

        token.close();

        assertThat(released).isCompletedWithValue(null);
        assertThat(signalledOn).hasValue(Thread.currentThread());
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
    }

    @Test
    void statusReportsBusyThenFreeAndNeverAcquires() {
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
        assertThat(this.line.status()).as("status did not take the line").isInstanceOf(LineStatus.Free.class);
        assertThat(this.line.stats().acquiredCount()).isZero();

        Token token = acquire(this.line);
        LineStatus busy = this.line.status();
        assertThat(busy).isInstanceOf(LineStatus.Busy.class);
        CompletableFuture<Void> released = ((LineStatus.Busy) busy).released();
        assertThat(released).isNotDone();
        assertThat(this.line.stats().busyCount()).as("a status is not an acquisition").isZero();

        token.close();

        assertThat(released).isCompletedWithValue(null);
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
        assertThat(this.line.stats().acquiredCount()).isEqualTo(1);
    }

    @Test
    void closingTwiceIsHarmless() {
        Token token = acquire(this.line);
        token.close();
        token.close();

        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
        assertThat(this.line.stats().acquiredCount()).isEqualTo(1);
    }

    @Test
    void aStaleTokenNeverReleasesALaterHolder() {
        Token stale = acquire(this.line);
        stale.close();
        Token current = acquire(this.line);
        CompletableFuture<Void> waiter = waitFor(this.line.tryAcquireToken());

        stale.close();

        assertThat(this.line.status()).isInstanceOf(LineStatus.Busy.class);
        assertThat(waiter).isNotDone();
        assertThat(this.line.tryAcquireToken()).isInstanceOf(AcquireOutcome.Failure.class);
        current.close();
        assertThat(waiter).isCompletedWithValue(null);
    }

    @Test
    void eachWaiterHasItsOwnFuture() {
        Token token = acquire(this.line);
        CompletableFuture<Void> first = waitFor(this.line.tryAcquireToken());
        CompletableFuture<Void> second = waitFor(this.line.tryAcquireToken());
        CompletableFuture<Void> third = waitFor(this.line.tryAcquireToken());
        assertThat(first).isNotSameAs(second);

        first.cancel(false);
        second.complete(null);

        assertThat(third).as("other waiters are untouched").isNotDone();
        assertThat(this.line.status()).as("a waiter cannot free the line").isInstanceOf(LineStatus.Busy.class);
        token.close();
        assertThat(first).isCancelled();
        assertThat(third).isCompletedWithValue(null);
    }

    @Test
    void statsCountOutcomesWaitersAndHoldTime() {
        assertThat(this.line.stats())
            .isEqualTo(new LineStats("test-line", false, 0, 0, 0, Duration.ZERO));

        Token token = acquire(this.line);
        CompletableFuture<Void> cancelled = waitFor(this.line.tryAcquireToken());
        waitFor(this.line.tryAcquireToken());
        LineStatus busy = this.line.status();
        assertThat(this.line.stats()).satisfies((stats) -> {
            assertThat(stats.busy()).isTrue();
            assertThat(stats.acquiredCount()).isEqualTo(1);
            assertThat(stats.busyCount()).isEqualTo(2);
            assertThat(stats.waiters()).isEqualTo(3);
        });
        cancelled.cancel(false);
        assertThat(this.line.stats().waiters()).isEqualTo(2);

        token.close();

        LineStats stats = this.line.stats();
        assertThat(stats.busy()).isFalse();
        assertThat(stats.waiters()).isZero();
        assertThat(stats.lastHold()).isPositive();
        assertThat(busy).isInstanceOf(LineStatus.Busy.class);
    }

    @Test
    void listenersSeeEveryEvent() {
        RecordingListener listener = new RecordingListener();
        this.line.addListener(listener);

        Token token = acquire(this.line);
        waitFor(this.line.tryAcquireToken());
        this.line.status();
        token.close();
        token.close();

        assertThat(listener.events).containsExactly("acquired", "busy", "released");
        assertThat(this.line.removeListener(listener)).isTrue();
        assertThat(this.line.removeListener(listener)).isFalse();
        acquire(this.line).close();
        assertThat(listener.events).hasSize(3);
    }

    @Test
    void aFailingListenerIsLoggedOnceWithTheLineNameAndNeverPropagates() {
        this.lineLogger.setLevel(Level.INFO);
        this.lineLogger.setAdditive(false);
        try {
            this.line.addListener(new LineListener() {
                @Override
                public void acquired(Line line) {
                    throw new IllegalStateException("boom");
                }
            });
            RecordingListener next = new RecordingListener();
            this.line.addListener(next);

            acquire(this.line).close();
            acquire(this.line).close();

            assertThat(next.events).containsExactly("acquired", "released", "acquired", "released");
            assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
            assertThat(this.logs.list).singleElement().satisfies((event) -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).startsWith("test-line: listener");
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo("boom");
            });
        }
        finally {
            this.lineLogger.setLevel(null);
            this.lineLogger.setAdditive(true);
        }
    }

    @Test
    void aListenerThatThrowsAnErrorNeitherEscapesNorJamsTheLine() {
        this.lineLogger.setLevel(Level.OFF);
        try {
            this.line.addListener(new LineListener() {
                @Override
                public void acquired(Line line) {
                    throw new AssertionError("acquired listener");
                }

                @Override
                public void busy(Line line) {
                    throw new StackOverflowError("busy listener");
                }

                @Override
                public void released(Line line, Duration held) {
                    throw new AssertionError("released listener");
                }
            });

            Token token = acquire(this.line);
            CompletableFuture<Void> waiter = waitFor(this.line.tryAcquireToken());
            token.close();

            assertThat(waiter).isCompleted();
            assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
            acquire(this.line).close();
        }
        finally {
            this.lineLogger.setLevel(null);
        }
    }

    @Test
    void aCancelledWaiterKeepsNoStackTraceUntilTheRelease() {
        Token token = acquire(this.line);
        CompletableFuture<Void> waiter = waitFor(this.line.tryAcquireToken());

        assertThat(waiter.cancel(false)).isTrue();

        // The line keeps the cancelled waiter until the release: it must not pin a stack trace too.
        Throwable cancellation = waiter.handle((ignored, failure) -> failure).join();
        assertThat(waiter).isCancelled();
        assertThat(cancellation).isInstanceOf(CancellationException.class);
        assertThat(cancellation.getStackTrace()).isEmpty();
        assertThat(this.line.stats().waiters()).isZero();
        token.close();
    }

    @Test
    void namesAreRequired() {
        assertThat(new Line().name()).isEqualTo("line");
        assertThat(new Line("x").toString()).contains("x");
        assertThatIllegalArgumentException().isThrownBy(() -> new Line(" "));
        assertThatNullPointerException().isThrownBy(() -> new Line(null));
        assertThatNullPointerException().isThrownBy(() -> new AcquireOutcome.Success(null));
        assertThatNullPointerException().isThrownBy(() -> new AcquireOutcome.Failure(null));
        assertThatNullPointerException().isThrownBy(() -> new LineStatus.Busy(null));
    }

    @Test
    void coalesceRunsTheHandlerOnlyForTheHolderAndWaitersGetItsSuccess() {
        CompletableFuture<String> login = new CompletableFuture<>();
        List<String> calls = new ArrayList<>();
        CompletableFuture<Void> holder = this.line.coalesce(() -> {
            calls.add("holder");
            return login;
        });
        CompletableFuture<Void> waiter = this.line.coalesce(() -> {
            calls.add("waiter");
            return CompletableFuture.completedFuture("never");
        });

        assertThat(calls).containsExactly("holder");
        assertThat(holder).isNotDone();
        assertThat(waiter).isNotDone();
        assertThat(this.line.status()).isInstanceOf(LineStatus.Busy.class);

        login.complete("session");

        assertThat(holder).isCompletedWithValue(null);
        assertThat(waiter).isCompletedWithValue(null);
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
    }

    @Test
    void coalesceHandsTheHoldersFailureToEveryWaiter() {
        CompletableFuture<Void> login = new CompletableFuture<>();
        CompletableFuture<Void> holder = this.line.coalesce(() -> login);
        CompletableFuture<Void> waiter = this.line.coalesce(CompletableFuture::new);
        IllegalStateException failure = new IllegalStateException("login refused");

        login.completeExceptionally(new CompletionException(failure));

        assertThat(holder).failsWithin(Duration.ZERO)
            .withThrowableOfType(ExecutionException.class)
            .withCause(failure);
        assertThat(waiter).failsWithin(Duration.ZERO)
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isSameAs(failure);
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
    }

    @Test
    void coalesceReleasesTheLineWhenTheHandlerThrowsOrReturnsNull() {
        CompletableFuture<Void> thrown = this.line.coalesce(() -> {
            throw new IllegalArgumentException("bad");
        });
        assertThat(thrown).isCompletedExceptionally();
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);

        CompletableFuture<Void> nothing = this.line.coalesce(() -> null);
        assertThat(nothing).failsWithin(Duration.ZERO)
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(NullPointerException.class);
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
    }

    @Test
    void coalesceWaitersOfAPlainTokenSucceedOnClose() {
        Token token = acquire(this.line);
        CompletableFuture<Void> waiter = this.line.coalesce(CompletableFuture::new);

        token.close();

        assertThat(waiter).isCompletedWithValue(null);
    }

    @Test
    void cancellingACoalesceWaiterStopsCountingItAndKeepsTheLineBusy() {
        Token token = acquire(this.line);
        CompletableFuture<Void> waiter = this.line.coalesce(CompletableFuture::new);
        assertThat(this.line.stats().waiters()).isEqualTo(1);

        waiter.cancel(false);

        assertThat(this.line.stats().waiters()).isZero();
        assertThat(this.line.status()).isInstanceOf(LineStatus.Busy.class);
        token.close();
        assertThat(waiter).isCancelled();
    }

    @Test
    void coalesceAndWaitRunsTheHandlerOnTheCallingThreadWhenFree() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();

        this.line.coalesceAndWait(() -> ranOn.getAndSet(Thread.currentThread()), Duration.ofSeconds(1));

        assertThat(ranOn).hasValue(Thread.currentThread());
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
        assertThatExceptionOfType(ExecutionException.class)
            .isThrownBy(() -> this.line.coalesceAndWait(() -> {
                throw new TimeoutException("remote");
            }, Duration.ofSeconds(1)))
            .withCauseInstanceOf(TimeoutException.class);
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
    }

    @Test
    void coalesceAndWaitGivesUpAfterTheTimeoutWithoutFreeingTheLine() {
        Token token = acquire(this.line);

        assertThatExceptionOfType(TimeoutException.class)
            .isThrownBy(() -> this.line.coalesceAndWait(() -> "never", Duration.ofMillis(20)));

        assertThat(this.line.stats().waiters()).isZero();
        assertThat(this.line.status()).isInstanceOf(LineStatus.Busy.class);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.line.coalesceAndWait(() -> "x", Duration.ofSeconds(-1)));
        token.close();
    }

    @Test
    void coalesceAndWaitReportsTheHoldersFailureToAWaiter() throws Exception {
        CompletableFuture<Void> login = new CompletableFuture<>();
        CompletableFuture<Void> holder = this.line.coalesce(() -> login);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            ExecutionException ex = assertThrows(ExecutionException.class,
                    () -> this.line.coalesceAndWait(() -> "never", Duration.ofSeconds(5)));
            assertThat(ex).hasCauseInstanceOf(CancellationException.class);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> this.line.stats().waiters() == 1);

        login.cancel(false);

        waiting.get(5, TimeUnit.SECONDS);
        assertThat(holder).as("only a caller's own cancel makes its future cancelled").isNotCancelled()
            .isCompletedExceptionally();
        assertThat(this.line.status()).isInstanceOf(LineStatus.Free.class);
    }

    static Token acquire(Line line) {
        AcquireOutcome outcome = line.tryAcquireToken();
        assertThat(outcome).isInstanceOf(AcquireOutcome.Success.class);
        return ((AcquireOutcome.Success) outcome).token();
    }

    static CompletableFuture<Void> waitFor(AcquireOutcome outcome) {
        assertThat(outcome).isInstanceOf(AcquireOutcome.Failure.class);
        return ((AcquireOutcome.Failure) outcome).released();
    }

    /** Records listener events in order; used from one thread. */
    static final class RecordingListener implements LineListener {

        final List<String> events = new ArrayList<>();

        @Override
        public void acquired(Line line) {
            this.events.add("acquired");
        }

        @Override
        public void busy(Line line) {
            this.events.add("busy");
        }

        @Override
        public void released(Line line, Duration held) {
            assertThat(held.isNegative()).isFalse();
            this.events.add("released");
        }
    }
}
