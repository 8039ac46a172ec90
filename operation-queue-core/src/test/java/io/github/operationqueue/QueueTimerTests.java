package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue's own timer thread: what runs there calls the user's executor and completes the user's
 * futures, so the thread must carry nothing of the caller that happened to start it.
 */
@Timeout(60)
class QueueTimerTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    // Stands for a request-scoped inheritable context (a security context in inheritable mode, say).
    private static final InheritableThreadLocal<String> REQUEST = new InheritableThreadLocal<>();

    private final CapturedQueueLog logs = new CapturedQueueLog();

    /**
     * The first rejection starts the timer thread from the thread that enqueued; the retry runs on the
     * timer thread and calls the executor, which records what it sees there. A thread that inherited
     * the enqueuer's inheritable thread-locals would hand one caller's context to every later retry,
     * drain deadline and failure summary of the queue, and keep it reachable while the thread lives.
     */
    @Test
    void theTimerThreadIsANamedDaemonThatInheritsNoThreadLocalOfTheThreadThatStartedIt() {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Thread> retryThread = new AtomicReference<>();
        AtomicReference<String> contextOnRetry = new AtomicReference<>("not retried");
        OperationQueue queue = OperationQueue.builder().name("inherits-nothing").executor((task) -> {
            if (calls.incrementAndGet() == 1) {
                throw new RejectedExecutionException("full, once");
            }
            retryThread.set(Thread.currentThread());
            contextOnRetry.set(REQUEST.get());
            task.run();
        }).build();
        this.logs.capture();
        REQUEST.set("request of user alice");
        try {
            queue.start(1);
            await().atMost(TIMEOUT).until(() -> retryThread.get() != null);
        }
        finally {
            REQUEST.remove();
            this.logs.release();
        }

        assertThat(retryThread.get().getName()).isEqualTo("inherits-nothing-timer");
        assertThat(retryThread.get().isDaemon()).isTrue();
        assertThat(contextOnRetry.get()).as("the enqueuing thread's inheritable thread-local").isNull();
        CompletableFuture<Void> stopped = queue.stop();
        assertThat(stopped).succeedsWithin(TIMEOUT);
    }
}
