package io.github.operationqueue.flow;

/**
 * A limit that estimates how many requests the remote serves at once from two measurements, as TCP's BBR
 * estimates a network path: the highest rate at which operations have recently succeeded, and the remote's
 * latency when nothing queues inside it. Their product is the number of requests the remote holds without
 * queueing any (Little's law): a remote that serves 30 at once in 25 ms completes at most 1,200 a second,
 * and 1,200/s × 25 ms = 30. The limit is kept at that estimate, times a gain that probes above it one round
 * in eight (should the remote have gained room, the rate grows, and the estimate with it) and drains below
 * it the next (so that whatever the probe queued is served, and the latency without a queue is seen again).
 *
 * <p><b>Rounds.</b> Learning goes in rounds of at least {@code 2 × limit} samples (and
 * {@value #MIN_ROUND_SAMPLES}): about two of the remote's latencies when it is busy, and no clock of its own.
 * A round's rate is measured over it and the round before. The rate used is the highest of the last
 * {@value #RATE_WINDOW} rounds that filled the limit (their operations kept 90% of it busy on average); a
 * round that did not (the queue had too little work, or its runners came back late from a busy executor)
 * may raise it, never lower it, and does not count toward the ten, so that the estimate is still there when
 * the work comes back, and a gap between one operation and the next is not taken for a slower remote. Such a
 * round lowers the limit only for overload, and after the start keeps it where it was: the rate it would be
 * multiplied by is not aged by such rounds. A round's latency is the mean of the operations started during
 * it, whenever they finish: those started before may have queued behind a higher limit, and counting only
 * those that finish within the round would keep the quick ones and lose the slow. The latency without a
 * queue is the lowest of the start's rounds, then the lowest of the last {@value #DRAIN_LATENCY_WINDOW}
 * drain rounds, each counted at its mean plus one standard error so that a lucky round of a remote with
 * noisy latency does not pass for a faster remote. A drain queues nothing unless the estimate exceeds the
 * remote's capacity by more than a ninth, and then the queue it measures lowers the estimate until it does
 * not.
 *
 * <p><b>Gains.</b> From the start, the limit grows by half each round while the rate grows by a quarter or
 * more. The start ends with a round of overload (after one that grew), three rounds without such growth, or
 * one without it whose latency is a fifth above the lowest and beyond the spread of the remote's latencies
 * (the remote has begun to queue). Half, not BBR's doubling: the start's last round queues up to half the
 * remote's capacity, and its latency grows by as much. The limit then cycles through 1.08 × the estimate for
 * one round (at least one more), 0.9 × for one (at least one less), and 1 × for six: a remote of capacity 30
 * sees 32, 27, then 30.
 *
 * <p><b>Overload.</b> A round with at least {@value #MIN_OVERLOAD_SAMPLES} samples classed as overload (503,
 * 429, a timeout), and more than the remote's usual share of them could give by chance, drops the limit to at
 * most 70% of what it was. The usual share is learnt from every round (each counted at most a tenth), so that
 * a remote refusing a steady few percent whatever its load does not hold the limit down. If more than a tenth
 * of the round was refused, the remote has lost room: the rates measured before are forgotten, and the limit
 * is learnt again as at the start, growing by half a round up to where the overload cut it short (after an
 * outage in which every request was refused, the cycle's probes of one more would bring a limit driven to 1
 * back up by one a cycle at best). A smaller excess may still be chance once in a while: the limit comes back
 * with the rates it had if the next rounds are clean.
 *
 * <p>Threads: samples arrive from many threads at once; a lock held for a few arithmetic operations per
 * sample (and a few dozen once a round) keeps each round whole, and {@link #limit()} reads a volatile field.
 */
final class BbrLimit implements ConcurrencyLimit {

    private static final double[] CYCLE_GAINS = { 1.08, 0.9, 1, 1, 1, 1, 1, 1 };

    private static final int DRAIN_PHASE = 1;

    private static final double STARTUP_GAIN = 1.5;

    private static final double STARTUP_GROWTH = 1.25;

    private static final int STARTUP_FLAT_ROUNDS = 3;

    private static final double STARTUP_QUEUEING = 1.2;

    private static final int MIN_ROUND_SAMPLES = 4;

    private static final double FILLED = 0.9;

    private static final int RATE_WINDOW = 10;

    private static final int DRAIN_LATENCY_WINDOW = 3;

    private static final double USUAL_OVERLOAD_WEIGHT = 1.0 / 16;

    private static final double MOSTLY_REFUSED = 0.1;

    private static final int MIN_OVERLOAD_SAMPLES = 3;

    private static final double OVERLOAD_DECREASE = 0.7;

    private final int min;

    private final int max;

    private volatile int limit;

    private final Object lock = new Object();

    // All below guarded by lock.

    private final RoundWindow rates = RoundWindow.highest(RATE_WINDOW);

    // Counts only the rounds that filled the limit: the rates' clock.
    private long busyRounds;

    private final RoundWindow drainLatencies = RoundWindow.lowest(DRAIN_LATENCY_WINDOW);

    private long drains;

    // The remote's latency without a queue; NaN before the first measurement.
    private double noQueueLatencyNanos = Double.NaN;

    private boolean startup = true;

    private double startupRate;

    private int flatRounds;

    // The highest limit a start may reach: the limit under which an overload cut the cycle short, or max.
    private int startupCeiling;

    private int phase;

    // The round under way: when it began (the completion that ended the round before, or the first start),
    // the limit and phase it runs under, and what its samples said so far.
    private boolean begun;

    private long roundStartNanos;

    private int roundLimit;

    private int samples;

    private int delivered;

    private int overloaded;

    // The share of samples classed as overload, a moving average over rounds, each counted at most a tenth.
    private double usualOverloadShare;

    // The execution times of the round's samples added up: over the round's length, how many operations
    // were in flight on average (Little's law again).
    private long busyNanos;

    private LatencyTally startedInRound = new LatencyTally();

    // The round before: its operations may still be finishing when it ends, so its latency is read one round
    // later.
    private long previousStartNanos;

    private boolean previousWasStartup;

    private int previousPhase;

    private int previousDelivered;

    private long previousElapsed;

    private LatencyTally startedInPrevious = new LatencyTally();

    BbrLimit(int min, int max, int initial) {
        if (min < 1 || min > initial || initial > max) {
            throw new IllegalArgumentException("a concurrency limit needs 1 <= min <= initial <= max, was min " + min
                    + ", initial " + initial + ", max " + max);
        }
        this.min = min;
        this.max = max;
        this.limit = initial;
        this.startupCeiling = max;
    }

    @Override
    public int limit() {
        return this.limit;
    }

    @Override
    public void onSample(long startTimeNanos, long executionNanos, int inFlight, boolean overload) {
        synchronized (this.lock) {
            if (!this.begun) {
                this.begun = true;
                this.roundStartNanos = startTimeNanos;
                this.previousStartNanos = startTimeNanos;
                this.roundLimit = this.limit;
            }
            this.samples++;
            // Zero for an operation that finished within one tick of the clock.
            executionNanos = Math.max(0, executionNanos);
            this.busyNanos += executionNanos;
            if (overload) {
                this.overloaded++;
            }
            else {
                this.delivered++;
                long latency = executionNanos;
                if (startTimeNanos - this.roundStartNanos >= 0) {
                    this.startedInRound.add(latency);
                }
                else if (startTimeNanos - this.previousStartNanos >= 0) {
                    this.startedInPrevious.add(latency);
                }
            }
            // A round lasts until half its limit's worth of the operations it started have finished, so that
            // it has a latency of its own (a drain from far above, say); not a round a tenth refused, which
            // is overloaded whatever its latency, and whose refusals may leave it no success to wait for.
            int roundSamples = Math.max(MIN_ROUND_SAMPLES, 2 * this.roundLimit);
            if (this.samples >= roundSamples && (this.startedInRound.count() >= Math.max(1, this.roundLimit / 2)
                    || isMostlyRefused() || this.samples >= 4 * roundSamples)) {
                endRound(startTimeNanos + executionNanos);
            }
        }
    }

    private void endRound(long endNanos) {
        long elapsed = endNanos - this.roundStartNanos;
        boolean overloadedRound = isOverloaded();
        // A tenth or more refused: the remote has lost room, and what it delivered before says nothing of what
        // it takes now. Less, though beyond its usual share by chance, may still be chance once in a while: the
        // limit drops, and comes back with the rates it had if the next rounds are clean.
        boolean lostRoom = overloadedRound && isMostlyRefused();
        // A round whose operations kept fewer than 90% of its limit busy on average did not fill it: the queue
        // had too little work, or its runners came back late (a busy executor), and its rate says so.
        boolean appLimited = this.busyNanos < FILLED * this.roundLimit * (double) elapsed;
        learnRate(elapsed, lostRoom, appLimited);
        boolean queueing = isQueueing();
        learnLatency();
        boolean ranStartup = this.startup;
        int ranPhase = this.phase;
        double gain = nextGain(overloadedRound, lostRoom, appLimited, queueing);

        double estimate = this.rates.best(this.busyRounds) * this.noQueueLatencyNanos;
        int next = this.roundLimit;
        if (!Double.isNaN(estimate)) {
            next = clamp(Math.round(gain * estimate));
            // Rounded, a gain can leave a small limit where it is: a probe that adds nothing never finds room
            // the remote gained, and a drain that takes nothing away never sees its latency without a queue.
            if (gain > 1) {
                next = Math.max(next, clamp(Math.round(estimate) + 1));
            }
            else if (gain < 1) {
                next = Math.min(next, clamp(Math.round(estimate) - 1));
            }
        }
        if (this.startup) {
            next = Math.min(next, this.startupCeiling);
        }
        if (overloadedRound) {
            next = Math.min(next, clamp(Math.floor(OVERLOAD_DECREASE * this.roundLimit)));
        }
        else if (appLimited) {
            // A round that did not fill its limit measured the work, not the remote: its operations may have
            // been quicker than those the rate was measured on, and the product of the two would shrink a
            // limit the remote never refused. Nor, once the start is over, may it raise one it did not need:
            // only busy rounds age the rates, any drain renews the latency, and a remote slowing down would
            // pair its queued latency with the rate it had before, lifting the limit to max.
            next = ranStartup ? Math.max(next, this.roundLimit) : this.roundLimit;
        }
        this.limit = next;

        LatencyTally finished = this.startedInPrevious;
        this.startedInPrevious = this.startedInRound;
        this.startedInRound = finished;
        this.startedInRound.clear();
        this.previousStartNanos = this.roundStartNanos;
        this.previousWasStartup = ranStartup;
        this.previousPhase = ranPhase;
        this.roundStartNanos = endNanos;
        this.roundLimit = next;
        this.samples = 0;
        this.delivered = 0;
        this.overloaded = 0;
        this.busyNanos = 0;
    }

    /**
     * Whether the round's overload says the remote has less room: more than a tenth of its samples, or at
     * least {@value #MIN_OVERLOAD_SAMPLES} and more than its usual share of refusals could give by chance
     * (three standard deviations above it, the refusals of a round being about Poisson). A remote that
     * refuses 2% of requests whatever its load would otherwise trip a round in eight at a limit of 30.
     */
    private boolean isOverloaded() {
        double usual = this.usualOverloadShare * this.samples;
        // Three or more, and more than the usual share could give by chance (three standard deviations, the
        // refusals of a round being about Poisson): in a round of a small limit one refusal is already a
        // tenth, and a remote refusing 5% at random would otherwise hold the limit at its floor.
        boolean overloaded = this.overloaded >= MIN_OVERLOAD_SAMPLES
                && this.overloaded > usual + 3 * Math.sqrt(usual);
        // Every round teaches the usual share, each at most a tenth: learnt from the quiet rounds only, it
        // would be biased low (a chance run of refusals would not count) and flag rounds of pure chance; a
        // real overload (a tenth or more) moves it little.
        double share = Math.min(MOSTLY_REFUSED, this.overloaded / (double) this.samples);
        this.usualOverloadShare += USUAL_OVERLOAD_WEIGHT * (share - this.usualOverloadShare);
        return overloaded;
    }

    /** Whether more than a tenth of the round's samples were classed as overload. */
    private boolean isMostlyRefused() {
        return this.overloaded > MOSTLY_REFUSED * this.samples;
    }

    private void learnRate(long elapsed, boolean lostRoom, boolean appLimited) {
        if (!appLimited) {
            // Only rounds that filled the limit age the rates: a queue with little work keeps what it learnt
            // of the remote for when work comes back.
            this.busyRounds++;
        }
        if (lostRoom) {
            this.rates.clear();
            this.previousDelivered = 0;
            this.previousElapsed = 0;
        }
        if (this.delivered > 0 && elapsed > 0) {
            // Over this round and the one before: one round's rate varies with how the remote's replies
            // happen to bunch, and the highest of ten such would overstate the remote's.
            double rate = (this.delivered + this.previousDelivered) / (double) (elapsed + this.previousElapsed);
            this.previousDelivered = this.delivered;
            this.previousElapsed = elapsed;
            if (!appLimited || !(rate <= this.rates.best(this.busyRounds))) {
                this.rates.record(this.busyRounds, rate);
            }
        }
    }

    /**
     * Whether the operations this round started so far took a fifth longer than the remote without a queue,
     * by more than the spread of its latencies. Those still running are the slowest, so this errs toward no.
     */
    private boolean isQueueing() {
        double latency = this.startedInRound.meanNanos();
        return latency >= STARTUP_QUEUEING * this.noQueueLatencyNanos
                && latency - this.noQueueLatencyNanos >= 3 * this.startedInRound.standardErrorNanos();
    }

    private void learnLatency() {
        if (Double.isNaN(this.noQueueLatencyNanos)) {
            // Nothing to go on yet but the operations of the first round that have finished.
            this.noQueueLatencyNanos = this.startedInRound.meanNanos();
            return;
        }
        if (this.startedInPrevious.count() == 0) {
            return;
        }
        double latency = this.startedInPrevious.meanNanos();
        if (this.previousWasStartup) {
            this.noQueueLatencyNanos = Math.min(this.noQueueLatencyNanos, latency);
        }
        else if (this.previousPhase == DRAIN_PHASE) {
            recordDrain(latency + this.startedInPrevious.standardErrorNanos());
        }
    }

    private void recordDrain(double latencyNanos) {
        this.drainLatencies.record(++this.drains, latencyNanos);
        this.noQueueLatencyNanos = this.drainLatencies.best(this.drains);
    }

    private double nextGain(boolean overloadedRound, boolean lostRoom, boolean appLimited, boolean queueing) {
        if (lostRoom && (!this.startup || this.startupRate == 0)) {
            // The rates are forgotten: what the remote takes now is learnt as at the start, up to the limit the
            // overload cut short. The cycle's probes would not do: a limit the overload drove to 1 or 2
            // measures one more over two rounds, which rounds back down, and stays there.
            if (!this.startup) {
                this.startupCeiling = this.roundLimit;
            }
            this.startup = true;
            this.startupRate = 0;
            this.flatRounds = 0;
            return 1;
        }
        if (this.startup) {
            double rate = this.rates.best(this.busyRounds);
            boolean grew = !Double.isNaN(rate) && !(rate < this.startupRate * STARTUP_GROWTH);
            if (grew) {
                this.startupRate = rate;
                this.flatRounds = 0;
            }
            else if (!appLimited) {
                this.flatRounds++;
            }
            if (!overloadedRound && this.flatRounds < STARTUP_FLAT_ROUNDS && (grew || !queueing)) {
                return STARTUP_GAIN;
            }
            this.startup = false;
            this.phase = DRAIN_PHASE;
            // The start's lowest latency counts as one drain round's, so that the first drain (which may
            // still carry the queue of the start's last round) cannot replace it.
            if (!Double.isNaN(this.noQueueLatencyNanos)) {
                recordDrain(this.noQueueLatencyNanos);
            }
        }
        else {
            this.phase = (this.phase + 1) % CYCLE_GAINS.length;
        }
        return CYCLE_GAINS[this.phase];
    }

    private int clamp(double value) {
        return (int) Math.max(this.min, Math.min(this.max, value));
    }

    @Override
    public String algorithm() {
        return "bbr";
    }

    @Override
    public String toString() {
        return "bbr(" + this.limit + ", " + this.min + ".." + this.max + ")";
    }
}
