package io.github.operationqueue.line;

import java.util.List;

import kotlin.Unit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.DSLScenarioBuilder;
import org.jetbrains.kotlinx.lincheck.DSLThreadScenario;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks with Lincheck that {@link Line#tryAcquireToken()}, {@link Token#close()} and {@link Line#status()}
 * are linearizable, against the same operations run one at a time.
 *
 * <p>{@code release} closes the token of whoever holds the line at the moment it looks, so concurrent
 * releases race to close one token (a double close). {@code releaseAndCloseAgain} closes its token twice; when
 * another thread acquires the line between the two, the second close is stale and must not free the new
 * holder (a release without the generation check fails this test). {@code busy} takes a status and cancels
 * its future, and {@code acquire} cancels the future of a failure; neither may free the line.
 *
 * <p>Not checked here, because it is not linearizable by design: the completion of waiters' futures. The
 * line is freed before they are completed, so for a moment the line can be free (even acquired again) while
 * a waiter of the previous acquisition is not yet complete. {@code LineConcurrencyTests} and
 * {@code LineModelTests} check that every waiter is completed by the close. Effort is set in
 * {@link LincheckSettings}.
 */
@Tag("concurrency")
public class LineLincheckTests {

    private final Line line = new Line("lincheck");

    /** Lincheck creates one instance per scenario, reflectively; hence public. */
    public LineLincheckTests() {
    }

    /**
     * Tries to acquire the line; the token stays with the line until some {@code release}. The future of a
     * failure is cancelled, which must not free the line.
     *
     * @return whether the token was acquired
     */
    @Operation
    public boolean acquire() {
        AcquireOutcome outcome = this.line.tryAcquireToken();
        if (outcome instanceof AcquireOutcome.Failure failure) {
            failure.released().cancel(false);
            return false;
        }
        return true;
    }

    /** Closes the current holder's token, if there is one; possibly a token another thread closes too. */
    @Operation
    public void release() {
        Token holder = this.line.currentToken();
        if (holder != null) {
            holder.close();
        }
    }

    /**
     * Closes the current holder's token, then closes the same token again: if another thread acquired the
     * line in between, the second close is a stale close and must leave the new holder alone.
     */
    @Operation
    public void releaseAndCloseAgain() {
        Token holder = this.line.currentToken();
        if (holder != null) {
            holder.close();
            holder.close();
        }
    }

    /**
     * Reads the status and cancels the waiter future it may carry.
     *
     * @return whether the line was busy
     */
    @Operation
    public boolean busy() {
        if (this.line.status() instanceof LineStatus.Busy busy) {
            busy.released().cancel(false);
            return true;
        }
        return false;
    }

    // A guard against a hang, not a speed limit: model checking took 117 s of its former 120 s on a
    // machine whose two cores were shared by several builds.
    @Test
    @Timeout(300)
    void modelChecking() {
        LinChecker.check(LineLincheckTests.class,
                LincheckSettings.modelChecking().addCustomScenario(LineLincheckTests::staleCloseScenario));
    }

    @Test
    @Timeout(300)
    void stress() {
        LinChecker.check(LineLincheckTests.class,
                LincheckSettings.stress().addCustomScenario(LineLincheckTests::staleCloseScenario));
    }

    /**
     * The scenario that a release without the generation check fails: the line is held; one thread closes
     * the holder's token twice while another acquires; afterwards the line must still be busy.
     */
    private static Unit staleCloseScenario(DSLScenarioBuilder scenario) {
        scenario.initial((thread) -> add(thread, "acquire"));
        scenario.parallel((threads) -> {
            threads.thread((thread) -> add(thread, "releaseAndCloseAgain"));
            threads.thread((thread) -> add(thread, "acquire"));
            return Unit.INSTANCE;
        });
        scenario.post((thread) -> add(thread, "busy"));
        return Unit.INSTANCE;
    }

    private static Unit add(DSLThreadScenario thread, String operation) {
        try {
            thread.add(new Actor(LineLincheckTests.class.getMethod(operation), List.of()));
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalStateException(ex);
        }
        return Unit.INSTANCE;
    }
}
