package io.github.operationqueue.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.QueuedOperation;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What keeps the I/O of {@link AsyncIoBenchmark} and {@link AsyncIoThreadBenchmark} at a given number in
 * flight on {@value AsyncIoBenchmark#THREADS} threads: our queue, or what a user would write instead. Each
 * starts the I/O on its two threads (the virtual threads' carriers are two as well, on a two-core machine)
 * and it completes on {@link SimulatedIo}'s completion thread. The 100 of the descriptions below is
 * {@link AsyncIoBenchmark}'s limit; {@link AsyncIoThreadBenchmark} gives 1,000.
 */
public enum AsyncIoLimiter {

    /** An {@link OperationQueue} with 100 runners over a 2-thread pool; {@code perform()} starts the I/O. */
    OPERATION_QUEUE {
        @Override
        IoLimiter start(SimulatedIo io, int inFlight) {
            return onQueue(io, inFlight, OperationQueue.Builder::build);
        }
    },

    /** A {@link Semaphore} of 100 permits: the producer takes one, the I/O's completion gives it back. */
    SEMAPHORE {
        @Override
        IoLimiter start(SimulatedIo io, int inFlight) {
            ThreadPoolExecutor pool = Pools.fixed("semaphore-pool", AsyncIoBenchmark.THREADS);
            Semaphore permits = new Semaphore(inFlight);
            return new IoLimiter() {
                @Override
                public void perform(int count) throws InterruptedException {
                    for (int i = 0; i < count; i++) {
                        permits.acquire();
                        io.startOn(pool).whenComplete((done, failure) -> permits.release());
                    }
                }

                @Override
                public void close() {
                    Pools.close(pool);
                }
            };
        }
    },

    /** Reactor's {@code Flux.flatMap(..., 100)}, each inner {@code Mono} subscribed on the 2-thread pool. */
    REACTOR_FLAT_MAP {
        @Override
        IoLimiter start(SimulatedIo io, int inFlight) {
            ThreadPoolExecutor pool = Pools.fixed("reactor-pool", AsyncIoBenchmark.THREADS);
            Scheduler scheduler = Schedulers.fromExecutorService(pool, "reactor-pool");
            return new IoLimiter() {
                @Override
                public void perform(int count) {
                    Flux.range(0, count)
                        .flatMap((i) -> Mono.fromCompletionStage(io::start).subscribeOn(scheduler),
                                inFlight)
                        .then()
                        .block(STOP_PATIENCE);
                }

                @Override
                public void close() {
                    scheduler.dispose();
                    Pools.close(pool);
                }
            };
        }
    },

    /**
     * Resilience4j's semaphore {@link Bulkhead} with 100 permits around a {@code CompletionStage}: the
     * producer waits for a permit, the stage's completion gives it back.
     */
    RESILIENCE4J_BULKHEAD {
        @Override
        IoLimiter start(SimulatedIo io, int inFlight) {
            ThreadPoolExecutor pool = Pools.fixed("bulkhead-pool", AsyncIoBenchmark.THREADS);
            Bulkhead bulkhead = Bulkhead.of("async-io", BulkheadConfig.custom()
                .maxConcurrentCalls(inFlight)
                .maxWaitDuration(STOP_PATIENCE)
                .build());
            return new IoLimiter() {
                @Override
                public void perform(int count) {
                    for (int i = 0; i < count; i++) {
                        bulkhead.executeCompletionStage(() -> io.startOn(pool));
                    }
                }

                @Override
                public void close() {
                    Pools.close(pool);
                }
            };
        }
    },

    /**
     * A virtual thread per operation, gated by a {@link Semaphore} of 100 permits; each blocks until its
     * I/O completes. Needs Java 21 or later: on an older JVM its setup fails with a message that says so
     * ({@code bench/run.sh} leaves it out there).
     */
    VIRTUAL_THREADS {
        @Override
        IoLimiter start(SimulatedIo io, int inFlight) {
            ExecutorService threads = newVirtualThreadPerTaskExecutor();
            Semaphore permits = new Semaphore(inFlight);
            return new IoLimiter() {
                @Override
                public void perform(int count) throws InterruptedException {
                    for (int i = 0; i < count; i++) {
                        permits.acquire();
                        threads.execute(() -> {
                            try {
                                io.start().join();
                            }
                            finally {
                                permits.release();
                            }
                        });
                    }
                }

                @Override
                public void close() {
                    Pools.close(threads);
                }
            };
        }
    },

    /** Two platform threads that each block until their I/O completes: what runners save. */
    BLOCKING_POOL {
        @Override
        IoLimiter start(SimulatedIo io, int inFlight) {
            ThreadPoolExecutor pool = Pools.fixed("blocking-pool", AsyncIoBenchmark.THREADS);
            return new IoLimiter() {
                @Override
                public void perform(int count) {
                    for (int i = 0; i < count; i++) {
                        pool.execute(() -> io.start().join());
                    }
                }

                @Override
                public void close() {
                    Pools.close(pool);
                }
            };
        }
    };

    /** The first Java release with virtual threads as a final feature. */
    static final int VIRTUAL_THREADS_SINCE = 21;

    /**
     * {@link #OPERATION_QUEUE} with {@code inFlight} runners, the queue made by {@code build} from a builder
     * that has its name and executor: how {@link InstrumentationBenchmark} instruments the same limiter.
     */
    static IoLimiter onQueue(SimulatedIo io, int inFlight, Function<OperationQueue.Builder, OperationQueue> build) {
        ThreadPoolExecutor pool = Pools.fixed("queue-executor", AsyncIoBenchmark.THREADS);
        OperationQueue queue = build.apply(OperationQueue.builder().name("async-io").executor(pool));
        queue.start(inFlight);
        QueuedOperation operation = io::start;
        return new IoLimiter() {
            @Override
            public void perform(int count) {
                for (int i = 0; i < count; i++) {
                    queue.enqueue(operation);
                }
            }

            @Override
            public void close() {
                queue.stop(STOP_PATIENCE).join();
                Pools.close(pool);
            }
        };
    }

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(60);

    /**
     * Starts the limiter's threads.
     *
     * @param io the I/O its operations perform
     * @param inFlight most operations it lets be in flight at a time (its runners, permits or concurrency)
     */
    abstract IoLimiter start(SimulatedIo io, int inFlight);

    // Compiled for Java 17, so the Java 21 factory is looked up at run time.
    private static ExecutorService newVirtualThreadPerTaskExecutor() {
        int feature = Runtime.version().feature();
        if (feature < VIRTUAL_THREADS_SINCE) {
            throw new UnsupportedOperationException("VIRTUAL_THREADS needs Java " + VIRTUAL_THREADS_SINCE
                    + " or later, and this JVM is Java " + feature + ": run on a newer JDK, or leave it out with "
                    + "-p limiter=OPERATION_QUEUE,SEMAPHORE,REACTOR_FLAT_MAP,RESILIENCE4J_BULKHEAD,BLOCKING_POOL");
        }
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                .invoke();
        }
        catch (Throwable ex) {
            throw new IllegalStateException("Java " + feature + " has no Executors.newVirtualThreadPerTaskExecutor()", ex);
        }
    }
}
