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

import org.springframework.context.SmartLifecycle;

/**
 * Starts the configured queues, and those built with the {@link OperationQueueBuilder}, when the
 * application context starts and drains them when it stops. Queues that the application builds
 * with {@code OperationQueue.builder()} are left alone.
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
 * the queues stopped. A queue created after the stop (a lazy bean, or one built then) is stopped
 * at once: no start would come for it, and its enqueues fail instead of waiting forever.
 *
 * <p><b>Phase.</b> See {@link #PHASE}. <b>Shutdown timeout.</b> Spring waits for each shutdown
 * phase at most {@code spring.lifecycle.timeout-per-shutdown-phase} (30s by default), and then
 * goes on closing the context (the executors too) while queues may still be draining. This
 * lifecycle leaves that timeout as the application set it, and logs a warning for each queue
 * handed to it whose {@code drain-timeout} exceeds it, saying what to raise.
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

    private final Duration timeoutPerShutdownPhase;

    private final Object monitor = new Object();

    // guarded by monitor
    private boolean running;

    // guarded by monitor; set by the first stop, never cleared: stopping is final
    private boolean stopped;

    // guarded by monitor; in the order the queues were created
    private final Map<QueueSettings, OperationQueue> managed = new LinkedHashMap<>();

    OperationQueueLifecycle(Duration timeoutPerShutdownPhase) {
        this.timeoutPerShutdownPhase = (timeoutPerShutdownPhase != null) ? timeoutPerShutdownPhase
                : DEFAULT_TIMEOUT_PER_SHUTDOWN_PHASE;
    }

    /**
     * Starts and drains {@code queue} with the others, from now on: a configured queue or one
     * built with the {@link OperationQueueBuilder}. A queue managed while this lifecycle is running
     * starts at once (when its settings say auto-start); logs a warning if its drain-timeout
     * exceeds the shutdown phase's timeout.
     */
    void manage(OperationQueue queue, QueueSettings settings) {
        warnIfTheDrainIsLongerThanTheShutdownPhase(settings);
        boolean afterStop;
        synchronized (this.monitor) {
            afterStop = this.stopped;
            if (!afterStop) {
                this.managed.put(settings, queue);
                if (this.running && settings.autoStart()) {
                    queue.start(settings.runners());
                    logger.debug("{}: started {} runners", settings.name(), settings.runners());
                }
            }
        }
        if (afterStop) {
            // No start would come, nor a drain: accepted operations would wait forever.
            queue.stop();
            logger.warn("{}: created after the application context stopped, so stopped at once; its enqueues fail "
                    + "with QueueStoppedException", settings.name());
        }
    }

    private List<QueueSettings> queues() {
        synchronized (this.monitor) {
            return List.copyOf(this.managed.keySet());
        }
    }

    private void warnIfTheDrainIsLongerThanTheShutdownPhase(QueueSettings settings) {
        if (settings.drainTimeout().compareTo(this.timeoutPerShutdownPhase) > 0) {
            logger.warn("{}: drain-timeout {} exceeds spring.lifecycle.timeout-per-shutdown-phase ({}); on "
                    + "shutdown Spring stops waiting for the drain after {} and closes the executors while "
                    + "operations may still be queued. To give the drain its full time, set "
                    + "spring.lifecycle.timeout-per-shutdown-phase to at least {}, or lower the queue's "
                    + "drain-timeout", settings.name(), format(settings.drainTimeout()),
                    format(this.timeoutPerShutdownPhase), format(this.timeoutPerShutdownPhase),
                    format(settings.drainTimeout()));
        }
    }

    /** {@code 20s}, {@code 200ms}: the form the property is written in. */
    private static String format(Duration duration) {
        return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    @Override
    public void start() {
        synchronized (this.monitor) {
            if (this.running) {
                return;
            }
            for (QueueSettings settings : queues()) {
                OperationQueue queue = queue(settings);
                if (queue.stats().stopped()) {
                    logger.warn("{}: not started; the queue was stopped and cannot start again", settings.name());
                }
                else if (settings.autoStart()) {
                    queue.start(settings.runners());
                    logger.debug("{}: started {} runners", settings.name(), settings.runners());
                }
            }
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
            this.stopped = true;
        }
        Map<String, OperationQueueStats> before = new LinkedHashMap<>();
        List<OperationQueue> stopping = new ArrayList<>();
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (QueueSettings settings : queues()) {
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
        synchronized (this.monitor) {
            return this.managed.get(settings);
        }
    }

    /** The time Spring must allow this phase: the longest drain-timeout plus the per-phase timeout. */
    Duration shutdownPhaseTimeout() {
        Duration longestDrain = queues().stream()
            .map(QueueSettings::drainTimeout)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
        return longestDrain.plus(this.timeoutPerShutdownPhase);
    }

}
