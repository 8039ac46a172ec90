package io.github.operationqueue.lincheck;

import io.github.operationqueue.OperationQueue;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Tag;

/**
 * Checks with Lincheck that {@link OperationQueue#enqueue}, {@link OperationQueue#tryEnqueue},
 * {@link OperationQueue#stop()} and {@link OperationQueue#stats()} are linearizable against
 * {@link QueueSpecification}, the contract run one call at a time.
 *
 * <p>The queue has a capacity of {@value #CAPACITY} and no runner, so that every outcome is decided by the
 * calls themselves: what is accepted stays queued, an enqueue into a full queue waits for room until the
 * stop refuses it, and the stop abandons what is queued at once. {@code enqueue} answers whether it was
 * accepted by the time it returned. Each stats operation reads one field (or the depth and the stopped flag,
 * which come from one word): {@link io.github.operationqueue.OperationQueueStats} promises each field atomic,
 * not the record as a whole.
 *
 * <p>{@code stop} waits for its drain, and {@code depthAndStopped} and {@code abandoned} never
 * overlap it: a stop closes the queue first and then refuses and abandons entries one at a time, so these pass
 * through the states in between while it runs (Lincheck found {@code abandoned() == 1} read during a stop that
 * abandons two, and {@code depth=1 stopped=true} read before the stop had abandoned the one entry). They are exact once
 * {@code stop()}'s future has completed, which is what the stats promise.
 *
 * <p>{@code enqueued} is left out: an enqueue counts itself just after it has taken its slot, so a
 * read racing it can see a full queue and the count one short (Lincheck found a refused
 * {@code tryEnqueue} followed by {@code enqueued() == 1} with two operations queued). The stats
 * document that lag; the count is exact once the queue is quiet. {@code refused} is checked: only the
 * thread that closes the queue refuses waiters, before the stop can complete, and an enqueue that joins
 * the waiters after it looked withdraws itself uncounted, ordered after the stop. (Before that rule model
 * checking found {@code refused() == 0} right after the stop, then 1.)
 *
 * <p>The default build runs a short stress test; {@code -Preliability} adds model checking and raises the
 * effort.
 */
@Tag("concurrency")
public class OperationQueueLincheckTests extends QueueLincheckOperations {

    static final int CAPACITY = 2;

    /** Lincheck creates one instance per scenario, reflectively; hence public. */
    public OperationQueueLincheckTests() {
        super(OperationQueue.builder().name("lincheck").executor(Runnable::run).capacity(CAPACITY).build());
    }

    /** Stops and waits for the drain, after which the counters are final (with no runner it is quick). */
    @Operation(nonParallelGroup = "stop")
    public void stop() {
        this.queue.stop().join();
    }

    @Override
    protected Class<?> specification() {
        return QueueSpecification.class;
    }
}
