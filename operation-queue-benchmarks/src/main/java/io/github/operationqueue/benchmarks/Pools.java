package io.github.operationqueue.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pools of the suite: fixed-size {@link ThreadPoolExecutor}s over an unbounded queue, as
 * {@code Executors.newFixedThreadPool} builds them, with daemon threads named after their role so that
 * profiles and thread dumps say whose thread is whose. Public for the scenarios of the subpackages; the
 * module is not a library.
 */
public final class Pools {

    private Pools() {
    }

    /**
     * Returns a pool of {@code threads} daemon threads named {@code name-1}, {@code name-2}, ...
     *
     * @param name the threads' name prefix
     * @param threads how many threads
     * @return the pool
     */
    public static ThreadPoolExecutor fixed(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = (runnable) -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                factory);
    }

    /** Shuts {@code pool} down and waits for its tasks, so that no trial leaks threads into the next. */
    public static void close(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(pool + " did not terminate within 30 s of shutdown()");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + pool + " to terminate", ex);
        }
    }
}
