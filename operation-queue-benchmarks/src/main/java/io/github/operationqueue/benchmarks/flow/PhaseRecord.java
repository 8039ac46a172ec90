package io.github.operationqueue.benchmarks.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one phase of a run saw: the remote's capacity, the attempts started, the successes with their
 * latencies, the 503s, and a sample of the queue's state every {@link ScenarioRun#SAMPLE_MILLIS} ms. An
 * attempt is counted in the phase in which it started, its outcome in the phase in which it ended.
 *
 * <p>Latency of a success, two ways: <em>attempt</em> is from the operation's start ({@code perform()})
 * to the remote's answer, the remote's latency as the client sees it; <em>enqueue to success</em> is
 * from the work item's first enqueue, retries included, to that answer (in a closed loop it mostly
 * mirrors throughput, by Little's law).
 */
final class PhaseRecord {

    private final int capacity;

    private final int seconds;

    private final LongAdder started = new LongAdder();

    private final LongAdder succeeded = new LongAdder();

    private final LongAdder overloaded = new LongAdder();

    private final LongAdder otherFailures = new LongAdder();

    private final Latencies attempt = new Latencies();

    private final Latencies enqueueToSuccess = new Latencies();

    // written by the sampling thread only, read after the phase
    private final List<long[]> samples = new ArrayList<>();

    PhaseRecord(int capacity, int seconds) {
        this.capacity = capacity;
        this.seconds = seconds;
    }

    void started() {
        this.started.increment();
    }

    void succeeded(long attemptNanos, long enqueueToSuccessNanos) {
        this.succeeded.increment();
        this.attempt.add(attemptNanos);
        this.enqueueToSuccess.add(enqueueToSuccessNanos);
    }

    void failed(Throwable failure) {
        if (failure instanceof RemoteOverloadedException) {
            this.overloaded.increment();
        }
        else {
            this.otherFailures.increment();
        }
    }

    /**
     * Records the queue's state at {@code millis} after the phase began.
     *
     * @param millis time since the phase began
     * @param limit {@code queue.limit()}
     * @param inFlight operations in flight under the limit (or runners performing, without one)
     * @param busyThreads threads of the queue's executor running a task
     * @param waitingRunners runners WAITING: for work, for room under the limit, or for a rate permit
     */
    void sample(long millis, int limit, int inFlight, int busyThreads, int waitingRunners) {
        this.samples.add(new long[] { millis, limit, inFlight, busyThreads, waitingRunners });
    }

    int capacity() {
        return this.capacity;
    }

    int seconds() {
        return this.seconds;
    }

    /** Attempts started in the phase. */
    long attempts() {
        return this.started.sum();
    }

    long succeeded() {
        return this.succeeded.sum();
    }

    long otherFailures() {
        return this.otherFailures.sum();
    }

    long overloaded() {
        return this.overloaded.sum();
    }

    double attemptP99Millis() {
        return this.attempt.percentileMillis(99);
    }

    void appendJson(StringBuilder json) {
        json.append("{\"capacity\":").append(this.capacity)
            .append(",\"seconds\":").append(this.seconds)
            .append(",\"started\":").append(this.started.sum())
            .append(",\"succeeded\":").append(this.succeeded.sum())
            .append(",\"overloaded\":").append(this.overloaded.sum())
            .append(",\"otherFailures\":").append(this.otherFailures.sum())
            .append(",\"attemptMillis\":{");
        appendPercentiles(json, this.attempt);
        json.append("},\"enqueueToSuccessMillis\":{");
        appendPercentiles(json, this.enqueueToSuccess);
        json.append("},\"samples\":{\"columns\":[\"millis\",\"limit\",\"inFlight\",\"busyThreads\",\"waitingRunners\"]")
            .append(",\"rows\":[");
        for (int i = 0; i < this.samples.size(); i++) {
            long[] row = this.samples.get(i);
            json.append(i == 0 ? "[" : ",[");
            for (int column = 0; column < row.length; column++) {
                json.append(column == 0 ? "" : ",").append(row[column]);
            }
            json.append(']');
        }
        json.append("]}}");
    }

    private static void appendPercentiles(StringBuilder json, Latencies latencies) {
        json.append("\"p50\":").append(number(latencies.percentileMillis(50)))
            .append(",\"p99\":").append(number(latencies.percentileMillis(99)))
            .append(",\"max\":").append(number(latencies.percentileMillis(100)));
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }
}
