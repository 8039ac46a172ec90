package io.github.operationqueue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.StartRate;
import org.slf4j.Logger;

/**
 * Whether a runner may start an operation now: the {@link ConcurrencyLimit} (operations in flight) and
 * the {@link StartRate} (a permit per start) of a queue built with either. A queue built with neither
 * has no gate, and its runners pay one null check per take.
 *
 * <p><b>Order of the checks.</b> A runner that sees work and room under the limit reserves a rate permit
 * (unless it comes back from waiting for one), then takes a place under the limit. A permit in the future
 * parks the runner on the queue's timer; a full limit parks it with the other waiting runners. So a runner
 * waiting for a permit holds no place under the limit. A permit is good only for the start it was
 * reserved for: a runner that comes back from its wait to a full limit, or to no work, gives it up. Kept
 * for later, permits reserved in one burst would start the next one all at once, beyond the rate.
 *
 * <p><b>No lost wake-up.</b> A runner refused by the limit parks and then re-reads {@link #hasRoom()};
 * a place frees only when an operation finishes, and the runner that finished it goes on to take the
 * next entry itself, so nobody needs waking then. When the limit grows (a sample raised it, or
 * {@link #setLimit} did) the gate asks the scheduler to wake as many runners as it grew: the grower
 * writes the limit and then polls the parked runners, the parker writes its status and then reads the
 * limit, Dekker's two halves again. A producer wakes at most {@link #wakeable} runners: with none
 * wakeable, every place is held by a runner that comes back to take.
 *
 * <p>Threads: every method is called by runners and completing stages, many at once; thread-safe.
 */
final class FlowGate {

    /** {@link #admit}: the runner holds its place (and permit) and may take an entry. */
    static final long START = 0;

    /** {@link #admit}: the limit is full; the runner parks with the others. */
    static final long REFUSED = -1;

    private static final Logger logger = QueueLog.LOGGER;

    private final String name;

    // Null when the queue has a rate only. Replaced by setLimit.
    private volatile ConcurrencyLimit limit;

    // The last limit read without failure; what a failing limit is taken to be.
    private volatile int lastLimit;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final StartRate rate;

    private final Predicate<? super Throwable> overload;

    private final LongAdder permitWaits = new LongAdder();

    private final LongAdder permitWaitNanos = new LongAdder();

    private final AtomicBoolean limitFailureLogged = new AtomicBoolean();

    // Set by the scheduler before any runner starts: wakes up to n parked runners.
    private volatile IntConsumer roomOpened = (count) -> {
    };

    FlowGate(String name, ConcurrencyLimit limit, StartRate rate, Predicate<? super Throwable> overload) {
        this.name = name;
        this.limit = limit;
        this.lastLimit = (limit != null) ? Math.max(1, limit.limit()) : Integer.MAX_VALUE;
        this.rate = rate;
        this.overload = overload;
    }

    void onRoomOpened(IntConsumer wake) {
        this.roomOpened = wake;
    }

    // ---- a runner's way in

    /**
     * Decides whether {@code runner}, which has seen work, may take an entry: {@link #START},
     * {@link #REFUSED}, or the nanoseconds until its rate permit, after which it is to try again.
     */
    long admit(Runner runner) {
        if (this.rate != null) {
            if (!runner.holdsStartPermit()) {
                if (!hasRoom()) {
                    // No permit spent on a start the limit refuses.
                    return REFUSED;
                }
                long wait = reserve();
                if (wait > 0) {
                    runner.holdStartPermit(true);
                    return wait;
                }
            }
            // The permit is used now, or lost with this try.
            runner.holdStartPermit(false);
        }
        return (this.limit == null || acquire()) ? START : REFUSED;
    }

    /** {@code runner} parks without starting: a permit it waited for is lost (see the class description). */
    void parked(Runner runner) {
        runner.holdStartPermit(false);
    }

    /** The admitted runner found no entry after all: its place is given back; its permit was used up. */
    void notStarted() {
        if (this.limit != null) {
            this.inFlight.decrementAndGet();
        }
    }

    /** Whether a parked runner refused by the limit could take a place now. */
    boolean hasRoom() {
        return this.limit == null || this.inFlight.get() < currentLimit();
    }

    /** How many of {@code count} newly published entries are worth waking a runner for. */
    int wakeable(int count) {
        if (this.limit == null) {
            return count;
        }
        return Math.max(0, Math.min(count, currentLimit() - this.inFlight.get()));
    }

    // ---- an operation's way out

    /**
     * An admitted operation finished: the limit learns from it, its place is given back, and runners are
     * woken for the room the limit grew by.
     */
    void finished(long startedAt, Throwable cause) {
        ConcurrencyLimit current = this.limit;
        if (current == null) {
            return;
        }
        int before = currentLimit();
        try {
            current.onSample(startedAt, Math.max(0, System.nanoTime() - startedAt), this.inFlight.get(),
                    isOverload(cause));
        }
        catch (Throwable ex) {
            limitFailed(ex);
        }
        this.inFlight.decrementAndGet();
        int grewBy = currentLimit() - before;
        if (grewBy > 0) {
            this.roomOpened.accept(grewBy);
        }
    }

    private boolean isOverload(Throwable cause) {
        if (cause == null) {
            return false;
        }
        try {
            return this.overload.test(cause);
        }
        catch (Throwable ex) {
            logger.warn("{}: the overload classifier failed on {}; counted as no overload", this.name, cause, ex);
            return false;
        }
    }

    // ---- reading and steering

    boolean isLimited() {
        return this.limit != null;
    }

    /** The limit now; {@link Integer#MAX_VALUE} for a queue with a rate only. */
    int currentLimit() {
        ConcurrencyLimit current = this.limit;
        if (current == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int value = Math.max(1, current.limit());
            this.lastLimit = value;
            return value;
        }
        catch (Throwable ex) {
            limitFailed(ex);
            return this.lastLimit;
        }
    }

    String algorithm() {
        ConcurrencyLimit current = this.limit;
        return (current != null) ? current.algorithm() : null;
    }

    int inFlight() {
        return this.inFlight.get();
    }

    String rate() {
        return (this.rate != null) ? this.rate.describe() : null;
    }

    long permitWaits() {
        return this.permitWaits.sum();
    }

    long permitWaitNanos() {
        return this.permitWaitNanos.sum();
    }

    /** Replaces the limit with a fixed one; runners are woken for the room it opens. */
    void setLimit(int limit) {
        int before = currentLimit();
        this.limit = ConcurrencyLimit.fixed(limit);
        logger.info("{}: concurrency limit set to {} (was {})", this.name, limit, before);
        if (limit > before) {
            this.roomOpened.accept(limit - before);
        }
    }

    private boolean acquire() {
        int max = currentLimit();
        for (;;) {
            int current = this.inFlight.get();
            if (current >= max) {
                return false;
            }
            if (this.inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private long reserve() {
        long wait;
        try {
            wait = this.rate.reserveNanos();
        }
        catch (Throwable ex) {
            // A broken rate must not stop the queue: the operation starts now.
            logger.warn("{}: the start rate {} failed to reserve a permit; starting at once", this.name,
                    this.rate, ex);
            wait = 0;
        }
        this.permitWaits.increment();
        if (wait > 0) {
            this.permitWaitNanos.add(wait);
        }
        return wait;
    }

    private void limitFailed(Throwable ex) {
        if (this.limitFailureLogged.compareAndSet(false, true)) {
            logger.warn("{}: the concurrency limit {} failed; keeping its last value (reported once)", this.name,
                    this.limit, ex);
        }
    }
}
