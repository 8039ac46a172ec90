package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the operation queues and lines under {@code operation-queue}.
 *
 * <p>Each {@code queues.<name>} entry becomes one {@code OperationQueue} bean; a setting left
 * out of an entry is taken from {@code defaults}. Names are kebab-case
 * ({@code [a-z0-9]+(-[a-z0-9]+)*}). The values are checked at startup: a bad one, or a key under a
 * queue, a line or {@code defaults} that is not one of theirs, fails the start with a message
 * that names the property. An entry without settings ({@code mailer: {}} in YAML) counts as an
 * entry, and settings for it in another property source or profile apply to it as usual.
 */
@ConfigurationProperties("operation-queue")
public class OperationQueueProperties {

    /**
     * Whether to create the configured operation queues and lines.
     */
    private boolean enabled = true;

    /**
     * Whether operations run with the thread-local context (MDC, current observation) that was
     * in scope where they were enqueued. Needs io.micrometer:context-propagation.
     */
    private boolean propagateContext = true;

    /**
     * Settings applied to every queue; each queue may override them.
     */
    private final Queue defaults = Queue.builtInDefaults();

    /**
     * Queues by name: one OperationQueue bean per entry, qualified by its name. Each entry takes
     * the keys of operation-queue.defaults (enabled, runners, capacity, executor, auto-start,
     * drain-timeout, budget, limit.algorithm, limit.min, limit.max, limit.initial, rate, rate-burst,
     * overload-on);
     * a key left out takes its value from there.
     */
    private final Map<String, Queue> queues = new LinkedHashMap<>();

    /**
     * Lines by name, created at startup; lines are also created on first injection. Each entry
     * takes lock-registry (share the line with every instance through that LockRegistry bean) and,
     * for a shared line, acquire-timeout (default 5s), renew-every (default a third of the lock's
     * time to live), max-poll-interval (default 500ms) and time-to-live (default the registry's).
     */
    private final Map<String, Line> lines = new LinkedHashMap<>();

    /**
     * Creates properties with every default.
     */
    public OperationQueueProperties() {
    }

    /**
     * Returns the enabled setting.
     *
     * @return the enabled
     */
    public boolean isEnabled() {
        return this.enabled;
    }

    /**
     * Sets the enabled setting.
     *
     * @param enabled the enabled
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the propagate context setting.
     *
     * @return the propagate context
     */
    public boolean isPropagateContext() {
        return this.propagateContext;
    }

    /**
     * Sets the propagate context setting.
     *
     * @param propagateContext the propagate context
     */
    public void setPropagateContext(boolean propagateContext) {
        this.propagateContext = propagateContext;
    }

    /**
     * Returns the defaults setting.
     *
     * @return the defaults
     */
    public Queue getDefaults() {
        return this.defaults;
    }

    /**
     * Returns the queues setting.
     *
     * @return the queues
     */
    public Map<String, Queue> getQueues() {
        return this.queues;
    }

    /**
     * Returns the lines setting.
     *
     * @return the lines
     */
    public Map<String, Line> getLines() {
        return this.lines;
    }

    /**
     * One queue's settings, and the shape of {@code operation-queue.defaults}. A setting left
     * unset ({@code null}) in a queue entry is taken from {@code defaults}.
     */
    public static class Queue {

        /**
         * Number of runners, that is operations performed at the same time; at least 1.
         */
        private Integer runners;

        /**
         * Most operations the queue holds before enqueue waits for room; 0 for an unbounded
         * queue.
         */
        private Integer capacity;

        /**
         * Whether to create this queue; a queue switched off has no bean.
         */
        private Boolean enabled;

        /**
         * Name of the Executor bean (such as a TaskExecutor) that runs the runners. Unset: the
         * executor Spring would use for @Async (the only TaskExecutor bean, else the @Primary one,
         * else the one named taskExecutor, else applicationTaskExecutor).
         */
        private String executor;

        /**
         * Whether to start the runners when the application context starts.
         */
        private Boolean autoStart;

        /**
         * How long shutdown waits for accepted operations to be performed before abandoning
         * what is left.
         */
        private Duration drainTimeout;

        /**
         * Operations a runner performs on one executor thread before it gives the thread back
         * and is dispatched again, so that queues sharing an executor each get a turn; at least 1.
         */
        private Integer budget;

        /**
         * How many runners may perform an operation at once, fixed or learnt from the remote's
         * execution times and overload; unset: every runner performs.
         */
        private Limit limit;

        /**
         * Operations started per second or per minute, such as 50/s or 600/min, a permit per start;
         * unset: no rate.
         */
        private String rate;

        /**
         * Operations the rate lets start at once, from 1 to the rate's count; default 1 (evenly
         * spread).
         */
        private Integer rateBurst;

        /**
         * Fully qualified names of exception classes (and their subclasses) that count as overload for
         * an adaptive limit, such as a client's 503 or 429 exception, in addition to the built-in
         * RemoteBackOffException and TimeoutException; resolved with the application's class loader.
         */
        private List<String> overloadOn;

        /**
         * Creates settings with nothing set, so that each comes from {@code defaults}.
         */
        public Queue() {
        }

        /** The values that apply when neither a queue nor {@code defaults} sets them. */
        static Queue builtInDefaults() {
            Queue defaults = new Queue();
            defaults.enabled = true;
            defaults.runners = 1;
            defaults.capacity = 0;
            defaults.autoStart = true;
            defaults.drainTimeout = Duration.ofSeconds(30);
            // OperationQueue.Builder's own default, measured in BENCHMARKS.md (fairness).
            defaults.budget = 64;
            return defaults;
        }

        /**
         * Returns the runners setting.
         *
         * @return the runners
         */
        public Integer getRunners() {
            return this.runners;
        }

        /**
         * Sets the runners setting.
         *
         * @param runners the runners
         */
        public void setRunners(Integer runners) {
            this.runners = runners;
        }

        /**
         * Returns the capacity setting.
         *
         * @return the capacity
         */
        public Integer getCapacity() {
            return this.capacity;
        }

        /**
         * Sets the capacity setting.
         *
         * @param capacity the capacity
         */
        public void setCapacity(Integer capacity) {
            this.capacity = capacity;
        }

        /**
         * Returns the enabled setting.
         *
         * @return the enabled setting, or {@code null} if unset
         */
        public Boolean getEnabled() {
            return this.enabled;
        }

        /**
         * Sets the enabled setting.
         *
         * @param enabled whether to create the queue
         */
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns the executor setting.
         *
         * @return the executor
         */
        public String getExecutor() {
            return this.executor;
        }

        /**
         * Sets the executor setting.
         *
         * @param executor the executor
         */
        public void setExecutor(String executor) {
            this.executor = executor;
        }

        /**
         * Returns the auto start setting.
         *
         * @return the auto start
         */
        public Boolean getAutoStart() {
            return this.autoStart;
        }

        /**
         * Sets the auto start setting.
         *
         * @param autoStart the auto start
         */
        public void setAutoStart(Boolean autoStart) {
            this.autoStart = autoStart;
        }

        /**
         * Returns the drain timeout setting.
         *
         * @return the drain timeout
         */
        public Duration getDrainTimeout() {
            return this.drainTimeout;
        }

        /**
         * Sets the drain timeout setting.
         *
         * @param drainTimeout the drain timeout
         */
        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }

        /**
         * Returns the budget setting.
         *
         * @return the budget
         */
        public Integer getBudget() {
            return this.budget;
        }

        /**
         * Sets the budget setting.
         *
         * @param budget the budget
         */
        public void setBudget(Integer budget) {
            this.budget = budget;
        }

        /**
         * Returns the concurrency limit settings.
         *
         * @return the limit settings, or {@code null} if unset
         */
        public Limit getLimit() {
            return this.limit;
        }

        /**
         * Sets the concurrency limit settings.
         *
         * @param limit the limit settings
         */
        public void setLimit(Limit limit) {
            this.limit = limit;
        }

        /**
         * Returns the rate setting.
         *
         * @return the rate, such as {@code 50/s}
         */
        public String getRate() {
            return this.rate;
        }

        /**
         * Sets the rate setting.
         *
         * @param rate the rate, such as {@code 50/s}
         */
        public void setRate(String rate) {
            this.rate = rate;
        }

        /**
         * Returns the rate burst setting.
         *
         * @return the burst
         */
        public Integer getRateBurst() {
            return this.rateBurst;
        }

        /**
         * Sets the rate burst setting.
         *
         * @param rateBurst the burst
         */
        public void setRateBurst(Integer rateBurst) {
            this.rateBurst = rateBurst;
        }

        /**
         * Returns the names of the exception classes that count as overload.
         *
         * @return the class names, or {@code null} if unset
         */
        public List<String> getOverloadOn() {
            return this.overloadOn;
        }

        /**
         * Sets the names of the exception classes that count as overload.
         *
         * @param overloadOn fully qualified class names of {@code Throwable} types
         */
        public void setOverloadOn(List<String> overloadOn) {
            this.overloadOn = overloadOn;
        }

    }

    /**
     * A queue's concurrency limit. A setting left unset in a queue entry is taken from
     * {@code defaults}.
     */
    public static class Limit {

        /**
         * Algorithm that sets the limit: fixed (max, never moves), or learnt from each operation's
         * execution time and from operations classed as overload: bbr (the remote's capacity estimated
         * from its success rate and its latency without a queue; needs no library), or gradient2, vegas
         * or aimd (these need com.netflix.concurrency-limits:concurrency-limits-core).
         */
        private LimitAlgorithm algorithm;

        /**
         * Lowest limit; default 1.
         */
        private Integer min;

        /**
         * Highest limit, at most the runners; default: the runners.
         */
        private Integer max;

        /**
         * Limit to start from, between min and max; default: max for fixed, else 20 kept within
         * min and max.
         */
        private Integer initial;

        /**
         * Creates limit settings with nothing set, so that each comes from {@code defaults}.
         */
        public Limit() {
        }

        /**
         * Returns the algorithm.
         *
         * @return the algorithm, or {@code null} if unset
         */
        public LimitAlgorithm getAlgorithm() {
            return this.algorithm;
        }

        /**
         * Sets the algorithm.
         *
         * @param algorithm the algorithm
         */
        public void setAlgorithm(LimitAlgorithm algorithm) {
            this.algorithm = algorithm;
        }

        /**
         * Returns the lowest limit.
         *
         * @return the lowest limit, or {@code null} if unset
         */
        public Integer getMin() {
            return this.min;
        }

        /**
         * Sets the lowest limit.
         *
         * @param min the lowest limit
         */
        public void setMin(Integer min) {
            this.min = min;
        }

        /**
         * Returns the highest limit.
         *
         * @return the highest limit, or {@code null} if unset
         */
        public Integer getMax() {
            return this.max;
        }

        /**
         * Sets the highest limit.
         *
         * @param max the highest limit
         */
        public void setMax(Integer max) {
            this.max = max;
        }

        /**
         * Returns the limit to start from.
         *
         * @return the initial limit, or {@code null} if unset
         */
        public Integer getInitial() {
            return this.initial;
        }

        /**
         * Sets the limit to start from.
         *
         * @param initial the initial limit
         */
        public void setInitial(Integer initial) {
            this.initial = initial;
        }

    }

    /**
     * The algorithms of a queue's concurrency limit.
     */
    public enum LimitAlgorithm {

        /** A limit that never moves. */
        FIXED,

        /**
         * Ours, after TCP's BBR: keeps the limit near the remote's highest recent success rate times its
         * latency without a queue, probing above and draining below it in turn. Needs no library.
         */
        BBR,

        /** Netflix's Gradient2Limit: lowers the limit as recent latency grows above the long-term average. */
        GRADIENT2,

        /** Netflix's VegasLimit: keeps the queue estimated inside the remote small; lowers on overload. */
        VEGAS,

        /** Netflix's AIMDLimit: adds one while in use, multiplies by 0.9 on overload. */
        AIMD

    }

    /**
     * One line's settings; an entry without any makes a local line exist from the start.
     */
    public static class Line {

        /**
         * Name of a Spring Integration LockRegistry bean that shares this line with every instance
         * of the application using the same registry store: the line then holds a lock of that
         * registry, keyed by the line's name, while its token is held. Unset or empty: the line is local.
         */
        private String lockRegistry;

        /**
         * Longest wait for one call to the lock registry (acquire, probe, release) of a shared line.
         */
        private Duration acquireTimeout = Duration.ofSeconds(5);

        /**
         * How often a shared line's held lock is renewed. Unset: a third of the lock's time to live,
         * or 1s when that is unknown. At most (time to live less a fifth) / 2, checked at startup.
         */
        private Duration renewEvery;

        /**
         * Longest pause between two probes of a shared line's lock while another instance holds it.
         */
        private Duration maxPollInterval = Duration.ofMillis(500);

        /**
         * Time to live of a shared line's lock in its store, passed to every acquisition and
         * renewal. Unset: the registry's own (read from a JdbcLockRegistry or RedisLockRegistry).
         */
        private Duration timeToLive;

        /**
         * Creates empty line settings with every default.
         */
        public Line() {
        }

        /**
         * Returns the longest wait for one lock registry call.
         *
         * @return the timeout
         */
        public Duration getAcquireTimeout() {
            return this.acquireTimeout;
        }

        /**
         * Sets the longest wait for one lock registry call.
         *
         * @param acquireTimeout a positive duration
         */
        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }

        /**
         * Returns the renewal period of a held lock.
         *
         * @return the period, or {@code null} to derive it from the time to live
         */
        public Duration getRenewEvery() {
            return this.renewEvery;
        }

        /**
         * Sets the renewal period of a held lock.
         *
         * @param renewEvery a positive duration, or {@code null} to derive it from the time to live
         */
        public void setRenewEvery(Duration renewEvery) {
            this.renewEvery = renewEvery;
        }

        /**
         * Returns the longest pause between two probes.
         *
         * @return the interval
         */
        public Duration getMaxPollInterval() {
            return this.maxPollInterval;
        }

        /**
         * Sets the longest pause between two probes.
         *
         * @param maxPollInterval a positive duration
         */
        public void setMaxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = maxPollInterval;
        }

        /**
         * Returns the lock's time to live.
         *
         * @return the time to live, or {@code null} for the registry's own
         */
        public Duration getTimeToLive() {
            return this.timeToLive;
        }

        /**
         * Sets the lock's time to live.
         *
         * @param timeToLive a positive duration, or {@code null} for the registry's own
         */
        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }

        /**
         * Returns the lock registry bean name.
         *
         * @return the bean name, or {@code null} for a local line
         */
        public String getLockRegistry() {
            return this.lockRegistry;
        }

        /**
         * Sets the lock registry bean name.
         *
         * @param lockRegistry the bean name, or {@code null} for a local line
         */
        public void setLockRegistry(String lockRegistry) {
            this.lockRegistry = lockRegistry;
        }

    }

}
