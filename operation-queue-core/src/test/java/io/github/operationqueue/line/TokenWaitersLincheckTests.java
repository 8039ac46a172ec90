package io.github.operationqueue.line;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks with Lincheck the stack of waiters on one {@link Token}: pushes ({@link Token#newWaiter()}),
 * cancellations (which a later push may link past) and the release ({@link Token#signalReleased}) racing
 * each other.
 *
 * <p>{@code join} is linearizable: its waiter is complete on return exactly when the release came first.
 * Cancelling and the release's completion of each waiter are not (the release completes waiters one
 * after another, and a cancel may win against it for its own waiter), so their outcome is checked after
 * every run by {@link #everyWaiterEndsCancelledByItsCallerOrReleasedAndNoneIsKept()}: each waiter is
 * cancelled if and only if its caller's cancel succeeded, every other one completed normally, and
 * nothing links the waiters any more. Effort is set in {@link LincheckSettings}.
 */
@Tag("concurrency")
public class TokenWaitersLincheckTests {

    /** More than the actors of one scenario can join. */
    private static final int MAX_WAITERS = 16;

    private final Token token = new Token(new Line("lincheck-waiters"), 1, 0);

    private final AtomicReferenceArray<CompletableFuture<Void>> joined = new AtomicReferenceArray<>(MAX_WAITERS);

    private final AtomicIntegerArray cancelledByCaller = new AtomicIntegerArray(MAX_WAITERS);

    private final AtomicInteger joins = new AtomicInteger();

    /** Lincheck creates one instance per scenario, reflectively; hence public. */
    public TokenWaitersLincheckTests() {
    }

    /**
     * Becomes a waiter of the token.
     *
     * @return whether the waiter's future was complete when the token handed it out, which it must be only
     *         after the release
     */
    @Operation
    public boolean join() {
        CompletableFuture<Void> waiter = this.token.newWaiter();
        // Read before the waiter is published: once published, a concurrent cancelNewest may complete it,
        // which no sequential order of the two operations allows to be seen from inside join.
        boolean releasedAlready = waiter.isDone();
        this.joined.set(this.joins.getAndIncrement(), waiter);
        return releasedAlready;
    }

    /** Cancels the most recent waiter, if it is recorded yet, and remembers whether that cancel won. */
    @Operation
    public void cancelNewest() {
        int newest = this.joins.get() - 1;
        CompletableFuture<Void> waiter = (newest >= 0) ? this.joined.get(newest) : null;
        if (waiter != null && waiter.cancel(false)) {
            this.cancelledByCaller.set(newest, 1);
        }
    }

    /**
     * Releases the token's waiters. All releases of a scenario run on one thread, as only the thread that
     * freed the line releases; a second one must do nothing.
     */
    @Operation(nonParallelGroup = "release")
    public void release() {
        this.token.signalReleased(null);
    }

    /** Runs after each scenario: releases if the scenario did not, then checks every waiter. */
    @Validate
    public void everyWaiterEndsCancelledByItsCallerOrReleasedAndNoneIsKept() {
        release();
        for (int i = 0; i < this.joins.get(); i++) {
            CompletableFuture<Void> waiter = this.joined.get(i);
            check(waiter.isDone(), "waiter " + i + " was never completed by the release");
            boolean cancelled = this.cancelledByCaller.get(i) == 1;
            check(waiter.isCancelled() == cancelled, "waiter " + i + " cancelled: " + waiter.isCancelled()
                    + ", though its caller's cancel " + (cancelled ? "won" : "did not win"));
            check(cancelled || !waiter.isCompletedExceptionally(), "waiter " + i + " failed without a cancel");
            check(((WaiterFuture) waiter).next == null, "waiter " + i + " still links to another after the release");
        }
        check(this.token.waiters() == 0, this.token.waiters() + " waiters counted after the release");
    }

    // A guard against a hang, not a speed limit (see LineLincheckTests).
    @Test
    @Timeout(300)
    void modelChecking() {
        LinChecker.check(TokenWaitersLincheckTests.class, LincheckSettings.modelChecking());
    }

    @Test
    @Timeout(300)
    void stress() {
        LinChecker.check(TokenWaitersLincheckTests.class, LincheckSettings.stress());
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
