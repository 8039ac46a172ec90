package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous I/O: {@link #start()} returns a future that one completion thread completes later, as a
 * network client's event loop would. Every peer of an async benchmark performs the same I/O, so they
 * differ only in how they limit and schedule it. Two kinds:
 * <ul>
 * <li>{@link #afterOneMillisecond()}: a timer thread completes each I/O {@value #LATENCY_MILLIS} ms after
 * it started ({@link AsyncIoBenchmark}): the limit is the latency, in-flight count per millisecond.</li>
 * <li>{@link #asFastAsItCan()}: an I/O thread completes each I/O as soon as it takes it from its queue
 * ({@link AsyncIoThreadBenchmark}): the limit is what each asynchronous operation costs its limiter.</li>
 * </ul>
 *
 * <p>It also counts a batch: the completion thread counts each completed I/O before completing its
 * future, and {@link #await()} returns once the whole batch has completed.
 */
final class SimulatedIo implements AutoCloseable {

    static final long LATENCY_MILLIS = 1;

    private static final long PATIENCE_SECONDS = 60;

    private final Completer completer;

    private final AtomicInteger remaining = new AtomicInteger();

    private volatile CountDownLatch done = new CountDownLatch(0);

    private SimulatedIo(Completer completer) {
        this.completer = completer;
    }

    /** I/O that a timer thread completes {@value #LATENCY_MILLIS} ms after it started. */
    static SimulatedIo afterOneMillisecond() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> daemon(runnable,
                "io-completion"));
        return new SimulatedIo(new Completer() {
            @Override
            public void accept(Runnable completion) {
                timer.schedule(completion, LATENCY_MILLIS, TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                Pools.close(timer);
            }
        });
    }

    /**
     * I/O that one I/O thread completes as fast as it can: it waits on its queue only while nothing is
     * pending, as an event loop waits on its selector.
     */
    static SimulatedIo asFastAsItCan() {
        LinkedBlockingQueue<Runnable> pending = new LinkedBlockingQueue<>();
        Thread ioThread = daemon(() -> {
            try {
                while (true) {
                    pending.take().run();
                }
            }
            catch (InterruptedException ex) {
                // close(): the benchmark's trial is over
            }
        }, "io-thread");
        ioThread.start();
        return new SimulatedIo(new Completer() {
            @Override
            public void accept(Runnable completion) {
                pending.add(completion);
            }

            @Override
            public void close() {
                ioThread.interrupt();
                try {
                    ioThread.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the I/O thread to end", ex);
                }
            }
        });
    }

    /** Starts one I/O on the calling thread. */
    CompletableFuture<Void> start() {
        CompletableFuture<Void> completion = new CompletableFuture<>();
        this.completer.accept(() -> complete(completion));
        return completion;
    }

    /** Starts one I/O on {@code executor}, as a limiter does that hands the start to a pool. */
    CompletableFuture<Void> startOn(Executor executor) {
        CompletableFuture<Void> completion = new CompletableFuture<>();
        executor.execute(() -> this.completer.accept(() -> complete(completion)));
        return completion;
    }

    private void complete(CompletableFuture<Void> completion) {
        if (this.remaining.decrementAndGet() == 0) {
            this.done.countDown();
        }
        completion.complete(null);
    }

    void begin(int size) {
        this.done = new CountDownLatch(1);
        this.remaining.set(size);
    }

    void await() {
        try {
            if (!this.done.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this.remaining.get() + " I/O operations of the batch had not "
                        + "completed after " + PATIENCE_SECONDS + " s: the limiter lost or stranded them");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the batch", ex);
        }
    }

    @Override
    public void close() {
        this.completer.close();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The completion thread: runs each I/O's completion when that I/O is done. */
    private interface Completer extends AutoCloseable {

        void accept(Runnable completion);

        @Override
        void close();
    }
}
