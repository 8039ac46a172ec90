package io.github.operationqueue.benchmarks.flow;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.benchmarks.Pools;
import org.slf4j.event.Level;

/**
 * One run of the scenario: a queue built as its {@link QueueSetting} says, on a pool of
 * {@value #EXECUTOR_THREADS} threads, performing work items against a {@link SimulatedRemote}, through one
 * or more phases of a few seconds, each with the remote's capacity of that phase.
 *
 * <p><b>Closed loop.</b> {@code backlog} work items circulate from the first phase's start: each is an
 * asynchronous operation that calls the remote once; a success puts a new item at the back of the queue,
 * a 503 puts the same item at the back again (a retry, so every item eventually succeeds). The queue so
 * always holds work for every runner, the same for every setting, and every 503 costs the client a
 * retry. When the last phase ends, the items stop circulating and the queue drains what it holds without
 * calling the remote; the answers to the attempts still in flight then are counted in no phase.
 *
 * <p>Every {@value #SAMPLE_MILLIS} ms the sampling thread (the caller's) records the queue's
 * {@code limit()}, its operations in flight, the pool's busy threads and the WAITING runners.
 */
final class ScenarioRun {

    static final int SAMPLE_MILLIS = 100;

    static final int EXECUTOR_THREADS = 2;

    /** The remote's service time: about what the example app's stand-in answers in (5 to 40 ms). */
    static final Duration BASE_LATENCY = Duration.ofMillis(Long.getLong("flow.latencyMillis", 25));

    /** {@code -Dflow.latencyMillis=22 -Dflow.jitterMillis=17}: the example's noisy 5 to 39 ms. */
    static final Duration JITTER = Duration.ofMillis(Long.getLong("flow.jitterMillis", 2));

    /** A 503 is answered without the work, after a network round trip. */
    static final Duration REJECTION_LATENCY = Duration.ofMillis(5);

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final QueueSetting setting;

    private final int backlog;

    private final List<Phase> phases;

    private final LongAdder refused = new LongAdder();

    private volatile PhaseRecord current;

    private volatile boolean closing;

    private OperationQueue queue;

    private SimulatedRemote remote;

    /**
     * Prepares a run.
     *
     * @param setting how the queue is built
     * @param backlog how many work items circulate
     * @param phases the phases, in order; at least one
     */
    ScenarioRun(QueueSetting setting, int backlog, List<Phase> phases) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one phase");
        }
        this.setting = setting;
        this.backlog = backlog;
        this.phases = List.copyOf(phases);
    }

    /**
     * Runs every phase, then stops the queue and the threads it used.
     *
     * @return what each phase saw
     * @throws InterruptedException if the calling thread is interrupted
     * @throws IllegalStateException if the queue refused a work item or did not drain in time
     */
    RunRecord run() throws InterruptedException {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
            Thread thread = new Thread(runnable, "flow-remote-timer");
            thread.setDaemon(true);
            return thread;
        });
        ThreadPoolExecutor pool = Pools.fixed("flow-" + this.setting.name(), EXECUTOR_THREADS);
        this.remote = new SimulatedRemote(this.phases.get(0).capacity(), BASE_LATENCY, JITTER, REJECTION_LATENCY,
                SimulatedRemote.Timer.of(timer));
        OperationQueue.Builder builder = OperationQueue.builder()
            .name("flow-" + this.setting.name())
            .executor(pool)
            .overloadOn(RemoteOverloadedException.class)
            // 503s are the remote's expected answer here, counted by the run.
            .failureLogLevel(Level.DEBUG);
        if (this.setting.limit() != null) {
            builder.limit(this.setting.limit().get());
        }
        if (this.setting.rate() != null) {
            builder.rate(this.setting.rate().get());
        }
        this.queue = builder.build();
        double loadBefore = loadAverage();
        List<PhaseRecord> records = new ArrayList<>();
        try {
            this.queue.start(this.setting.runners());
            for (int i = 0; i < this.phases.size(); i++) {
                Phase phase = this.phases.get(i);
                this.remote.setCapacity(phase.capacity());
                PhaseRecord record = new PhaseRecord(phase.capacity(), phase.seconds());
                this.current = record;
                records.add(record);
                if (i == 0) {
                    for (int item = 0; item < this.backlog; item++) {
                        enqueue(System.nanoTime());
                    }
                }
                sample(record, phase.seconds(), pool);
            }
        }
        finally {
            this.closing = true;
            drain();
            Pools.close(pool);
            Pools.close(timer);
        }
        if (this.refused.sum() > 0) {
            throw new IllegalStateException(this.queue.name() + " refused " + this.refused.sum()
                    + " work items while the run went on");
        }
        String rate = (this.setting.rate() != null) ? this.queue.flowControl().rate() : null;
        return new RunRecord(this.setting, this.queue.flowControl().algorithm(), rate, loadBefore, loadAverage(),
                records);
    }

    private void enqueue(long firstEnqueuedAt) {
        if (this.closing) {
            return;
        }
        this.queue.enqueue(() -> attempt(firstEnqueuedAt)).whenComplete((accepted, failure) -> {
            // After the run the queue is stopped; before, it must take every item.
            if (failure != null && !this.closing) {
                this.refused.increment();
            }
        });
    }

    private CompletionStage<Void> attempt(long firstEnqueuedAt) {
        if (this.closing) {
            return CompletableFuture.completedFuture(null);
        }
        this.current.started();
        long start = System.nanoTime();
        return this.remote.call().whenComplete((ignored, failure) -> {
            if (this.closing) {
                // Answered while the queue drains, after the last phase's time: a figure of no phase (counted
                // in the last one, it added up to a remote's worth of successes its seconds did not see).
                return;
            }
            long end = System.nanoTime();
            PhaseRecord endedIn = this.current;
            if (failure == null) {
                endedIn.succeeded(end - start, end - firstEnqueuedAt);
                enqueue(end);
            }
            else {
                endedIn.failed(failure);
                enqueue(firstEnqueuedAt);
            }
        });
    }

    private void sample(PhaseRecord record, int seconds, ThreadPoolExecutor pool) throws InterruptedException {
        long begin = System.nanoTime();
        long end = begin + TimeUnit.SECONDS.toNanos(seconds);
        long next = begin;
        for (long now = begin; now - end < 0; now = System.nanoTime()) {
            record.sample(TimeUnit.NANOSECONDS.toMillis(now - begin), this.queue.limit(),
                    this.queue.flowControl().inFlight(), pool.getActiveCount(), this.queue.stats().waitingRunners());
            next += TimeUnit.MILLISECONDS.toNanos(SAMPLE_MILLIS);
            long pause = Math.min(next, end) - System.nanoTime();
            if (pause > 0) {
                TimeUnit.NANOSECONDS.sleep(pause);
            }
        }
    }

    private void drain() throws InterruptedException {
        try {
            this.queue.stop(DRAIN_TIMEOUT).get(DRAIN_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException(this.queue.name() + " did not stop within " + DRAIN_TIMEOUT
                    + " after the run", ex);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * One phase: the remote's capacity and how long the phase lasts.
     *
     * @param capacity the remote's capacity during the phase
     * @param seconds how long the phase lasts
     */
    record Phase(int capacity, int seconds) {
    }

    /**
     * What a run saw.
     *
     * @param setting how its queue was built
     * @param algorithm the queue's limit algorithm, {@code none} without a limit
     * @param rate the queue's start rate, or {@code null}
     * @param loadBefore the system load average when the run began
     * @param loadAfter the system load average when it ended
     * @param phases each phase's record
     */
    record RunRecord(QueueSetting setting, String algorithm, String rate, double loadBefore, double loadAfter,
            List<PhaseRecord> phases) {

        void appendJson(StringBuilder json) {
            json.append("{\"name\":\"").append(this.setting.name())
                .append("\",\"kind\":\"").append(this.setting.kind())
                .append("\",\"algorithm\":\"").append(this.algorithm)
                .append("\",\"runners\":").append(this.setting.runners())
                .append(",\"rate\":").append((this.rate != null) ? "\"" + this.rate + "\"" : "null")
                .append(",\"loadAverage\":[").append(String.format(Locale.ROOT, "%.2f,%.2f", this.loadBefore,
                        this.loadAfter))
                .append("],\"phases\":[");
            for (int i = 0; i < this.phases.size(); i++) {
                json.append(i == 0 ? "" : ",");
                this.phases.get(i).appendJson(json);
            }
            json.append("]}");
        }
    }
}
