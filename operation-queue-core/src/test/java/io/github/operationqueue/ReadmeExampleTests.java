package io.github.operationqueue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's core example, kept compiling and passing here. Change both together: the code
 * between the markers is what the README shows.
 */
@Timeout(30)
class ReadmeExampleTests {

    private final AtomicInteger sent = new AtomicInteger();

    @Test
    void theReadmeQueueExampleWorks() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            // README: queue
            OperationQueue queue = OperationQueue.builder()
                .name("remote-service")
                .executor(executor)        // runners borrow its threads; they are not threads
                .build();
            queue.start(100);              // 100 runners, each performs one operation at a time

            for (int i = 0; i < 100; i++) {
                int message = i;
                queue.enqueue(() -> send(message));    // returns at once; performed in FIFO order
            }
            CompletableFuture<String> reply = queue.submit(() -> fetch("inbox"));  // the operation's own outcome

            queue.stop().get(10, TimeUnit.SECONDS);    // accepted operations are still performed
            // README: end
            assertThat(reply).isCompletedWithValue("contents of inbox");
            assertThat(this.sent).hasValue(100);
            assertThat(queue.stats()).extracting(OperationQueueStats::completed).isEqualTo(101L);
            assertThat(List.of(queue.isRunning(), queue.isIdle())).containsExactly(false, false);
        }
        finally {
            executor.shutdownNow();
        }
    }

    private CompletionStage<Void> send(int message) {
        return CompletableFuture.runAsync(this.sent::incrementAndGet, CompletableFuture.delayedExecutor(1,
                TimeUnit.MILLISECONDS, Runnable::run));
    }

    private CompletionStage<String> fetch(String folder) {
        return CompletableFuture.completedFuture("contents of " + folder);
    }
}
