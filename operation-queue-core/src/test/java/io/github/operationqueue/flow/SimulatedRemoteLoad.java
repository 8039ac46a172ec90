package io.github.operationqueue.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * A queue with endless work under a {@link ConcurrencyLimit}, against a remote of a given capacity, in
 * virtual time: no thread, no clock, the same run for the same seed. The remote serves up to
 * {@code capacity} requests at once, each in its latency; those beyond wait inside it in order, so their
 * latency grows; a request that finds twice its capacity inside is refused at once (a 503), which the limit
 * is told as overload. The queue starts operations whenever the limit has room, as runners would.
 */
final class SimulatedRemoteLoad {

    private static final long REFUSAL_NANOS = 5_000_000;

    private final ConcurrencyLimit limit;

    private final Random random;

    private final long baseLatencyNanos;

    private final long jitterNanos;

    private final PriorityQueue<Completion> completions = new PriorityQueue<>();

    private final ArrayDeque<Long> waiting = new ArrayDeque<>();

    private int capacity;

    private int serving;

    private int inFlight;

    private int demand = Integer.MAX_VALUE;

    private int refuseOneIn;

    private boolean queuesWithoutBound;

    private long restartNanos;

    private long wavePeriodNanos;

    private long waveWindowNanos;

    private long waveExtraNanos;

    private long now;

    private long sequence;

    private long succeeded;

    private long refused;

    SimulatedRemoteLoad(ConcurrencyLimit limit, int capacity, long baseLatencyNanos, long jitterNanos, long seed) {
        this.limit = limit;
        this.capacity = capacity;
        this.baseLatencyNanos = baseLatencyNanos;
        this.jitterNanos = jitterNanos;
        this.random = new Random(seed);
    }

    /** From now on the remote serves {@code capacity} at once. */
    void capacity(int capacity) {
        this.capacity = capacity;
        admitWaiting();
    }

    /** From now on the queue has at most {@code demand} operations to run at once (its backlog ran low). */
    void demand(int demand) {
        this.demand = demand;
    }

    /**
     * From now on a slot freed by a finished operation is taken again only {@code nanos} later: the runner's
     * way back through a busy executor.
     */
    void restartAfter(long nanos) {
        this.restartNanos = nanos;
    }

    /**
     * From now on the operations started within {@code windowNanos} of the start of each period take
     * {@code extraNanos} longer: the requests that meet an expired token and wait for a login, say.
     */
    void slowWaves(long periodNanos, long windowNanos, long extraNanos) {
        this.wavePeriodNanos = periodNanos;
        this.waveWindowNanos = windowNanos;
        this.waveExtraNanos = extraNanos;
    }

    /** From now on the remote also refuses one request in {@code n} at random, whatever its load. */
    void refuseOneIn(int n) {
        this.refuseOneIn = n;
    }

    /** From now on the remote refuses nothing for load: whatever it cannot serve waits inside it, however long. */
    void queueWithoutBound() {
        this.queuesWithoutBound = true;
    }

    /**
     * Runs until {@code count} more operations have finished, telling {@code afterEach} the limit after
     * each one.
     */
    void run(int count, IntConsumer afterEach) {
        fill();
        for (int i = 0; i < count; i++) {
            Completion next = this.completions.poll();
            this.now = next.atNanos;
            if (next.wake) {
                fill();
                i--;
                continue;
            }
            if (!next.refused) {
                this.serving--;
                admitWaiting();
            }
            this.limit.onSample(next.startNanos, this.now - next.startNanos, this.inFlight, next.refused);
            this.inFlight--;
            if (next.refused) {
                this.refused++;
            }
            else {
                this.succeeded++;
            }
            afterEach.accept(this.limit.limit());
            if (this.restartNanos == 0) {
                fill();
            }
            else {
                this.completions.add(new Completion(this.now, this.now + this.restartNanos, false, true, this.sequence++));
            }
        }
    }

    /** Runs until {@code count} more operations have finished. */
    void run(int count) {
        run(count, (value) -> {
        });
    }

    /** Runs until {@code count} more operations have finished, and returns the limit after each. */
    List<Integer> limitsOver(int count) {
        List<Integer> limits = new ArrayList<>(count);
        run(count, limits::add);
        return limits;
    }

    /**
     * Runs until {@code count} more operations have finished.
     *
     * @return how many operations a second succeeded meanwhile, in virtual time
     */
    double successesPerSecondOver(int count, IntConsumer afterEach) {
        long succeededBefore = this.succeeded;
        long nanosBefore = this.now;
        run(count, afterEach);
        return (this.succeeded - succeededBefore) * 1e9 / (this.now - nanosBefore);
    }

    long succeeded() {
        return this.succeeded;
    }

    long refused() {
        return this.refused;
    }

    /** Virtual nanoseconds since the start. */
    long nanos() {
        return this.now;
    }

    private void fill() {
        while (this.inFlight < Math.min(this.demand, this.limit.limit())) {
            this.inFlight++;
            if (this.refuseOneIn > 0 && this.random.nextInt(this.refuseOneIn) == 0) {
                refuse();
            }
            else if (this.serving < this.capacity) {
                this.serving++;
                schedule(this.now);
            }
            else if (this.queuesWithoutBound || this.serving + this.waiting.size() < 2 * this.capacity) {
                this.waiting.add(this.now);
            }
            else {
                refuse();
            }
        }
    }

    private void refuse() {
        this.completions.add(new Completion(this.now, this.now + REFUSAL_NANOS, true, false, this.sequence++));
    }

    private void admitWaiting() {
        while (this.serving < this.capacity && !this.waiting.isEmpty()) {
            this.serving++;
            schedule(this.waiting.poll());
        }
    }

    private void schedule(long startNanos) {
        long jitter = (this.jitterNanos == 0) ? 0
                : (long) ((this.random.nextDouble() * 2 - 1) * this.jitterNanos);
        long extra = (this.wavePeriodNanos > 0 && startNanos % this.wavePeriodNanos < this.waveWindowNanos)
                ? this.waveExtraNanos : 0;
        this.completions.add(new Completion(startNanos, this.now + this.baseLatencyNanos + jitter + extra, false, false,
                this.sequence++));
    }

    // An operation's end (refused or served), or a runner's return to take another (wake).
    private record Completion(long startNanos, long atNanos, boolean refused, boolean wake, long sequence)
            implements Comparable<Completion> {

        @Override
        public int compareTo(Completion other) {
            int byTime = Long.compare(this.atNanos, other.atNanos);
            return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
        }
    }
}
