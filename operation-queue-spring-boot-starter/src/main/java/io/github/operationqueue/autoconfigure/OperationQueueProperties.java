package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the operation queues and lines under {@code operation-queue}.
 *
 * <p>Each {@code queues.<name>} entry becomes one {@code OperationQueue} bean; a setting left
 * out of an entry is taken from {@code defaults}. Names are kebab-case
 * ({@code [a-z0-9]+(-[a-z0-9]+)*}). The values are checked at startup: a bad one fails the
 * start with an {@link InvalidOperationQueueConfigurationException} that names the property.
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
    private final Defaults defaults = new Defaults();

    /**
     * Queues by name: one OperationQueue bean per entry, qualified by its name. Each entry takes
     * the keys of operation-queue.defaults (runners, capacity, executor, auto-start,
     * drain-timeout); a key left out takes its value from there.
     */
    private final Map<String, Queue> queues = new LinkedHashMap<>();

    /**
     * Lines by name, created at startup; lines are also created on first injection.
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
    public Defaults getDefaults() {
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
     * Settings that every queue starts from.
     */
    public static class Defaults {

        /**
         * Creates settings with every default.
         */
        public Defaults() {
        }

        /**
         * Number of runners, that is operations performed at the same time; at least 1.
         */
        private int runners = 1;

        /**
         * Most operations a queue holds before enqueue waits for room; 0 for an unbounded queue.
         */
        private int capacity = 0;

        /**
         * Name of the Executor bean (such as a TaskExecutor) that runs the runners.
         */
        private String executor = "applicationTaskExecutor";

        /**
         * Whether to start the runners when the application context starts.
         */
        private boolean autoStart = true;

        /**
         * How long shutdown waits for accepted operations to be performed before abandoning
         * what is left.
         */
        private Duration drainTimeout = Duration.ofSeconds(30);

        /**
         * Returns the runners setting.
         *
         * @return the runners
         */
        public int getRunners() {
            return this.runners;
        }

        /**
         * Sets the runners setting.
         *
         * @param runners the runners
         */
        public void setRunners(int runners) {
            this.runners = runners;
        }

        /**
         * Returns the capacity setting.
         *
         * @return the capacity
         */
        public int getCapacity() {
            return this.capacity;
        }

        /**
         * Sets the capacity setting.
         *
         * @param capacity the capacity
         */
        public void setCapacity(int capacity) {
            this.capacity = capacity;
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
        public boolean isAutoStart() {
            return this.autoStart;
        }

        /**
         * Sets the auto start setting.
         *
         * @param autoStart the auto start
         */
        public void setAutoStart(boolean autoStart) {
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

    }

    /**
     * One queue's settings; a setting left unset ({@code null}) is taken from
     * {@link Defaults}.
     */
    public static class Queue {

        /**
         * Creates settings with every default.
         */
        public Queue() {
        }

        /**
         * Number of runners, that is operations performed at the same time; at least 1.
         * Defaults to operation-queue.defaults.runners.
         */
        private Integer runners;

        /**
         * Most operations the queue holds before enqueue waits for room; 0 for an unbounded
         * queue. Defaults to operation-queue.defaults.capacity.
         */
        private Integer capacity;

        /**
         * Name of the Executor bean (such as a TaskExecutor) that runs the runners. Defaults to
         * operation-queue.defaults.executor.
         */
        private String executor;

        /**
         * Whether to start the runners when the application context starts. Defaults to
         * operation-queue.defaults.auto-start.
         */
        private Boolean autoStart;

        /**
         * How long shutdown waits for accepted operations to be performed before abandoning
         * what is left. Defaults to operation-queue.defaults.drain-timeout.
         */
        private Duration drainTimeout;

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
         * Creates empty line settings with every default.
         */
        public Line() {
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
