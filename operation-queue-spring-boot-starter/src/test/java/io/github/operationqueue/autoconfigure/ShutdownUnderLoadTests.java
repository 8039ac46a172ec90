package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueStats;
import io.github.operationqueue.QueueStoppedException;
import io.github.operationqueue.QueuedOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A context closed while a burst is in flight and the queue is full: the queue drains what it can within
 * its {@code drain-timeout}, and the shutdown log and the final stats account for every operation the burst
 * handed over: performed (completed or failed), abandoned, or refused. Configured through the starter's
 * properties only. The burst grows with {@code reliability.scale} ({@code -Preliability}); the seed is logged
 * and {@code -Dreliability.seed=} replays the burst's choices.
 */
@Tag("reliability")
class ShutdownUnderLoadTests {

    private static final Logger logger = LoggerFactory.getLogger(ShutdownUnderLoadTests.class);

    private static final int SCALE = Math.max(1, Integer.getInteger("reliability.scale", 1));

    private static final int PRODUCERS = 4;

    private static final Pattern ABANDONED = Pattern.compile("burst: abandoned (\\d+) accepted operations because");

    private static final Pattern REFUSED = Pattern
        .compile("burst: refused (\\d+) enqueues that were waiting for room when the queue stopped");

    private final CapturedShutdownLog shutdownLog = new CapturedShutdownLog();

    @BeforeEach
    void captureTheShutdownLog() {
        this.shutdownLog.capture();
    }

    @AfterEach
    void releaseTheShutdownLog() {
        this.shutdownLog.release();
    }

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
                TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.burst.runners=4", "operation-queue.queues.burst.capacity=50");

    @ParameterizedTest(name = "drain-timeout {0}")
    @ValueSource(strings = { "50ms", "2s" })
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aContextClosedDuringABurstAccountsForEveryOperation(String drainTimeout) {
        long seed = seed();
        this.contextRunner.withPropertyValues("operation-queue.queues.burst.drain-timeout=" + drainTimeout)
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueue.class);
                Burst burst = new Burst(queue, seed);
                burst.start();
                await().atMost(Duration.ofMinutes(1))
                    .until(() -> queue.stats().depth() == 50 && queue.stats().awaitingRoom() > 0
                            && queue.stats().completed() > 0);
                OperationQueueStats beforeClose = queue.stats();
                context.close();
                burst.awaitEnd();

                OperationQueueStats stats = queue.stats();
                assertThat(burst.violations).as("operations performed more than once").hasValue(0);
                assertThat(stats.enqueued()).as("accepted").isEqualTo(burst.accepted.sum());
                assertThat(stats.completed()).as("completed").isEqualTo(burst.completed.sum());
                assertThat(stats.failed()).as("failed").isEqualTo(burst.failed.sum());
                long lost = stats.enqueued() - stats.completed() - stats.failed() - stats.abandoned();
                assertThat(lost).as("accepted operations lost").isZero();
                assertThat(burst.accepted.sum() + burst.refused.sum()).as("every enqueue answered")
                    .isEqualTo(burst.attempts.sum());
                assertThat(stats.refused()).as("refused while waiting for room")
                    .isBetween(burst.refusedAfterWaiting.sum(), burst.refused.sum());
                assertThat(stats.refused()).as("the enqueues waiting when the context closed")
                    .isGreaterThanOrEqualTo(1);

                String log = String.join("\n", this.shutdownLog.messages(Level.INFO));
                assertThat(count(ABANDONED, log)).as("abandoned in the queue's shutdown lines").isEqualTo(stats.abandoned());
                assertThat(count(REFUSED, log)).as("refused in the queue's shutdown lines").isEqualTo(stats.refused());
                if (stats.abandoned() == 0 && stats.refused() == 0) {
                    assertThat(log).contains("every accepted operation was performed");
                }
                logger.info("drain-timeout {}: {} enqueues, {} accepted ({} queued and {} waiting for room when the "
                        + "context closed), {} completed, {} failed, {} abandoned, {} refused after waiting, {} refused "
                        + "at once, {} lost", drainTimeout, burst.attempts.sum(), stats.enqueued(),
                        beforeClose.depth(), beforeClose.awaitingRoom(), stats.completed(), stats.failed(),
                        stats.abandoned(), stats.refused(), burst.refused.sum() - stats.refused(), lost);
            });
    }

    /** The sum of the counts the queue's lines of this kind give. */
    private static long count(Pattern line, String log) {
        long total = 0;
        Matcher matcher = line.matcher(log);
        while (matcher.find()) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }

    private static long seed() {
        String value = System.getProperty("reliability.seed", "");
        long seed = value.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(value.trim());
        logger.info("shutdown under load: seed {} (replay with -Dreliability.seed={})", seed, seed);
        return seed;
    }

    /** Producers that enqueue blocking operations (a tenth failing) until the queue refuses them. */
    private static final class Burst {

        private final OperationQueue queue;

        private final List<Thread> producers = new ArrayList<>();

        final LongAdder attempts = new LongAdder();

        final LongAdder accepted = new LongAdder();

        final LongAdder refused = new LongAdder();

        final LongAdder refusedAfterWaiting = new LongAdder();

        final LongAdder completed = new LongAdder();

        final LongAdder failed = new LongAdder();

        final AtomicInteger violations = new AtomicInteger();

        private final List<CompletableFuture<Void>> answers = new ArrayList<>();

        Burst(OperationQueue queue, long seed) {
            this.queue = queue;
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < PRODUCERS; i++) {
                SplittableRandom own = random.split();
                this.producers.add(new Thread(() -> produce(own), "burst-producer-" + i));
            }
        }

        void start() {
            this.producers.forEach(Thread::start);
        }

        private void produce(SplittableRandom random) {
            List<CompletableFuture<Void>> mine = new ArrayList<>();
            boolean refusedOnce = false;
            while (!refusedOnce) {
                CompletableFuture<Void> answer = enqueueOne(random);
                mine.add(answer);
                // A few enqueues wait for room at a time; once one is refused, the queue has stopped.
                if (mine.stream().filter((future) -> !future.isDone()).count() >= 4 * SCALE) {
                    try {
                        answer.get(50, TimeUnit.MILLISECONDS);
                    }
                    catch (Exception ex) {
                        // Still waiting, or refused: the loop looks again.
                    }
                }
                refusedOnce = mine.stream().anyMatch(CompletableFuture::isCompletedExceptionally);
            }
            synchronized (this.answers) {
                this.answers.addAll(mine);
            }
        }

        private CompletableFuture<Void> enqueueOne(SplittableRandom random) {
            boolean fails = random.nextInt(10) == 0;
            long sleepMillis = 1 + random.nextInt(5);
            AtomicInteger performed = new AtomicInteger();
            QueuedOperation operation = QueuedOperation.of(() -> {
                if (performed.incrementAndGet() > 1) {
                    this.violations.incrementAndGet();
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(sleepMillis);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                if (fails) {
                    this.failed.increment();
                    throw new IllegalStateException("failed on purpose by ShutdownUnderLoadTests");
                }
                this.completed.increment();
            });
            this.attempts.increment();
            CompletableFuture<Void> answer = this.queue.enqueue(operation);
            boolean waited = !answer.isDone();
            return answer.whenComplete((ignored, failure) -> {
                if (failure == null) {
                    this.accepted.increment();
                }
                else if (failure instanceof QueueStoppedException) {
                    this.refused.increment();
                    if (waited) {
                        this.refusedAfterWaiting.increment();
                    }
                }
            });
        }

        void awaitEnd() throws InterruptedException {
            for (Thread producer : this.producers) {
                producer.join(TimeUnit.MINUTES.toMillis(1));
                assertThat(producer.isAlive()).as("%s still enqueueing", producer.getName()).isFalse();
            }
            synchronized (this.answers) {
                assertThat(CompletableFuture.allOf(this.answers.toArray(CompletableFuture[]::new))
                    .exceptionally((ex) -> null)).succeedsWithin(Duration.ofMinutes(1));
            }
        }
    }
}
