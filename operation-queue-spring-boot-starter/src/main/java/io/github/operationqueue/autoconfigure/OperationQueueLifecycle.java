package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Starts the configured queues when the application context starts and drains them when it
 * stops. Queues that the application defines as its own beans are left alone.
 *
 * <p><b>Start.</b> Each queue with {@code auto-start: true} gets its {@code runners}. A queue
 * with {@code auto-start: false} accepts operations and performs none until the application calls
 * {@link OperationQueue#start(int)}.
 *
 * <p><b>Stop.</b> Every configured queue is stopped with its {@code drain-timeout}
 * ({@link OperationQueue#stop(Duration)}): nothing new is accepted, accepted operations are still
 * performed, and what is left when the timeout elapses is abandoned. The drain is asynchronous
 * ({@link #stop(Runnable)}). Each queue logs once, at WARN with its name, the operations it
 * abandoned and the enqueues it refused (those still waiting for room in a full queue when it
 * stopped: never accepted, their futures failed); once every queue has stopped, this lifecycle
 * logs at INFO that every accepted operation was performed, when none was lost, and nothing more
 * otherwise, so that each problem is logged on one line. Stopping is final: a stopped queue
 * cannot start again, so this lifecycle does not take part in a context pause
 * ({@link #isPauseable()} is {@code false}) and a context restarted after {@code stop()} leaves
 * the queues stopped.
 *
 * <p><b>Phase.</b> See {@link #PHASE}. <b>Shutdown timeout.</b> Spring waits for each shutdown
 * phase at most {@code spring.lifecycle.timeout-per-shutdown-phase} (30s by default). So that
 * this cannot cut a drain short, {@link #start()} sets this phase's timeout on the context's
 * {@link DefaultLifecycleProcessor} to the longest {@code drain-timeout} plus
 * {@code timeout-per-shutdown-phase}: queued operations get their full drain-timeout, and
 * operations still running when it elapses get the usual per-phase allowance to finish.
 */
public class OperationQueueLifecycle implements SmartLifecycle {

    /**
     * The phase of this lifecycle, {@code Integer.MAX_VALUE - 1536}. Spring stops higher phases
     * first, so the queues drain:
     * <ul>
     * <li>after the web server's graceful shutdown ({@code WebServerGracefulShutdownLifecycle},
     * phase {@code Integer.MAX_VALUE - 1024}), so requests still in flight can enqueue;</li>
     * <li>before the web server stops ({@code WebServerStartStopLifecycle}, phase
     * {@code Integer.MAX_VALUE - 2048});</li>
     * <li>before the executors stop: a {@code ThreadPoolTaskExecutor} stops in phase
     * {@code ExecutorConfigurationSupport.DEFAULT_PHASE} ({@code Integer.MAX_VALUE / 2}), after
     * this one, and its pool is shut down only when its bean is destroyed, after every phase.
     * (On a context close Spring marks the executor as shutting down before any phase, which
     * keeps it running tasks until then.)</li>
     * </ul>
     * Components in a phase above this one, such as message listener containers in the default
     * {@code SmartLifecycle} phase {@code Integer.MAX_VALUE}, stop feeding the queues before the
     * drain begins. At startup
     * the order is reversed: the web server starts before the runners, and operations enqueued
     * in between wait in the queue.
     */
    public static final int PHASE = Integer.MAX_VALUE - 1536;

    private static final Logger logger = LoggerFactory.getLogger(OperationQueueLifecycle.class);

    private static final Duration DEFAULT_TIMEOUT_PER_SHUTDOWN_PHASE = Duration.ofSeconds(30);

    private final List<QueueSettings> queues;

    private final ConfigurableListableBeanFactory beanFactory;

    private final Duration timeoutPerShutdownPhase;

    private final Object monitor = new Object();

    // guarded by monitor
    private boolean running;

    OperationQueueLifecycle(List<QueueSettings> queues, ConfigurableListableBeanFactory beanFactory,
            Duration timeoutPerShutdownPhase) {
        this.queues = List.copyOf(queues);
        this.beanFactory = beanFactory;
        this.timeoutPerShutdownPhase = (timeoutPerShutdownPhase != null) ? timeoutPerShutdownPhase
                : DEFAULT_TIMEOUT_PER_SHUTDOWN_PHASE;
    }

    @Override
    public void start() {
        synchronized (this.monitor) {
            if (this.running) {
                return;
            }
            for (QueueSettings settings : this.queues) {
                OperationQueue queue = queue(settings);
                if (queue.stats().stopped()) {
                    logger.warn("{}: not started; the queue was stopped and cannot start again", settings.name());
                }
                else if (settings.autoStart()) {
                    queue.start(settings.runners());
                    logger.debug("{}: started {} runners", settings.name(), settings.runners());
                }
            }
            extendShutdownPhaseTimeout();
            this.running = true;
        }
    }

    /**
     * Stops every configured queue and waits for the drains; prefer {@link #stop(Runnable)},
     * which Spring calls and which does not block. Waits at most the longest drain-timeout plus
     * the per-phase shutdown timeout.
     */
    @Override
    public void stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        stop(() -> stopped.complete(null));
        try {
            stopped.get(shutdownPhaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (TimeoutException ex) {
            logger.warn("Operation queues did not finish draining within {}", shutdownPhaseTimeout());
        }
        catch (Exception ex) {
            logger.warn("Operation queues failed to drain", ex);
        }
    }

    /**
     * Stops every configured queue with its drain-timeout and calls {@code callback} once every
     * queue has stopped; never blocks. The callback runs on the thread that finishes the last
     * drain (an executor thread, or the calling thread when there is nothing to drain).
     */
    @Override
    public void stop(Runnable callback) {
        synchronized (this.monitor) {
            this.running = false;
        }
        Map<String, OperationQueueStats> before = new LinkedHashMap<>();
        List<OperationQueue> stopping = new ArrayList<>();
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (QueueSettings settings : this.queues) {
            OperationQueue queue = queue(settings);
            OperationQueueStats stats = queue.stats();
            before.put(settings.name(), stats);
            if (stats.depth() > 0 || stats.liveRunners() > 0) {
                logger.debug("{}: draining {} queued operations (drain-timeout {})", settings.name(), stats.depth(),
                        settings.drainTimeout());
            }
            stopping.add(queue);
            drains.add(queue.stop(settings.drainTimeout()));
        }
        CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            try {
                logSummary(stopping, before);
            }
            finally {
                callback.run();
            }
        });
    }

    /**
     * Says that the shutdown lost nothing, when it did not. A queue that abandons accepted operations
     * or refuses waiting enqueues logs it itself, once, with its name and the reason: one problem, one
     * line, so the lifecycle adds no summary of its own then.
     */
    private void logSummary(List<OperationQueue> stopped, Map<String, OperationQueueStats> before) {
        boolean lost = false;
        for (OperationQueue queue : stopped) {
            OperationQueueStats first = before.get(queue.name());
            OperationQueueStats last = queue.stats();
            lost |= last.abandoned() > ((first != null) ? first.abandoned() : 0)
                    || last.refused() > ((first != null) ? first.refused() : 0);
        }
        if (!lost && !stopped.isEmpty()) {
            logger.info("Operation queues stopped; every accepted operation was performed and no enqueue was refused");
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (this.monitor) {
            return this.running;
        }
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    private OperationQueue queue(QueueSettings settings) {
        return this.beanFactory.getBean(settings.beanName(), OperationQueue.class);
    }

    /** The time Spring must allow this phase: the longest drain-timeout plus the per-phase timeout. */
    Duration shutdownPhaseTimeout() {
        Duration longestDrain = this.queues.stream()
            .map(QueueSettings::drainTimeout)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
        return longestDrain.plus(this.timeoutPerShutdownPhase);
    }

    private void extendShutdownPhaseTimeout() {
        String name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME;
        Object processor = this.beanFactory.containsSingleton(name) ? this.beanFactory.getSingleton(name) : null;
        if (processor instanceof DefaultLifecycleProcessor defaultProcessor) {
            defaultProcessor.setTimeoutForShutdownPhase(PHASE, shutdownPhaseTimeout().toMillis());
        }
        else {
            logger.debug("Cannot extend the shutdown timeout of phase {} on {}; the drain may be cut short by the "
                    + "lifecycle processor", PHASE, processor);
        }
    }

}
