package io.github.operationqueue.example;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import io.github.operationqueue.autoconfigure.integration.LocalServers;
import io.github.operationqueue.example.client.ClientGates;
import io.github.operationqueue.example.client.Message;
import io.github.operationqueue.example.client.MessageClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example app's burst through its queue against the same client gated by a {@code Semaphore(100)},
 * side by side, with the CPU time per request of the client and of the stand-in apart: the stand-in
 * remote API runs in a JVM of its own (the packaged app, on its default settings), the client in this
 * JVM (the app again, calling that stand-in). Both sides send the same bursts of {@value #REQUESTS}
 * requests with the same attempts, logins and back-offs; only the gate differs. Bursts alternate which
 * side goes first, after a warm-up burst of each.
 *
 * <p>It prints the figures (issue 17, target 5: ours at least 1.0x the semaphore's throughput) and
 * asserts what must hold whatever the machine's load: every request of every burst succeeded, and
 * neither side started a thread per request. Runs under {@code -Preliability}, after {@code package}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BurstSideBySideIT {

    private static final Logger logger = LoggerFactory.getLogger(BurstSideBySideIT.class);

    private static final int REQUESTS = 5_000;

    private static final int ROUNDS = 3;

    /** As the queue {@code remote-service}'s runners, set so for this comparison. */
    private static final int PERMITS = 100;

    private static final long FEW_THREADS = 16;

    private static final Duration BURST_PATIENCE = Duration.ofMinutes(2);

    private static AppProcess standIn;

    private static ConfigurableApplicationContext client;

    @BeforeAll
    static void startTheStandInAndTheClient() throws Exception {
        Path jar = Path.of(System.getProperty("example.jar", "target/example-app-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the application jar, built by `package`").isRegularFile();
        Path directory = Files.createDirectories(Path.of("target", "side-by-side-logs"));
        int standInPort = LocalServers.freePort();
        // What this compares is the gate's own cost: the stand-in has room for every request, and the queue
        // lets its 100 runners all perform (a fixed limit), as the semaphore lets 100 requests through.
        standIn = AppProcess.start("stand-in", jar, standInPort, directory, List.of("--example.remote.capacity=10000"));
        // Arguments, not builder properties: those are defaults, below application.yml's.
        client = new SpringApplicationBuilder(ExampleApplication.class)
            .run("--server.port=0", "--spring.main.banner-mode=off",
                    "--example.client.base-uri=http://127.0.0.1:" + standInPort + "/remote/",
                    "--operation-queue.queues.remote-service.runners=" + PERMITS,
                    "--operation-queue.queues.remote-service.limit.algorithm=fixed",
                    "--operation-queue.queues.remote-service.limit.max=" + PERMITS,
                    "--operation-queue.queues.remote-service.limit.initial=" + PERMITS);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (client != null) {
            client.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    void theQueuesBurstBesideTheSemaphoresPrintedWithCpuTimePerRequest() {
        MessageClient messages = client.getBean(MessageClient.class);
        Side queue = new Side("queue remote-service (100 runners)", messages::fetch);
        Side semaphore = new Side("Semaphore(" + PERMITS + ")", gatedBySemaphore(messages));
        queue.burst();
        semaphore.burst();
        List<Burst> queueBursts = new ArrayList<>();
        List<Burst> semaphoreBursts = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            boolean queueFirst = round % 2 == 0;
            Burst first = queueFirst ? queue.burst() : semaphore.burst();
            Burst second = queueFirst ? semaphore.burst() : queue.burst();
            queueBursts.add(queueFirst ? first : second);
            semaphoreBursts.add(queueFirst ? second : first);
        }

        Burst queueMedian = median(queueBursts);
        Burst semaphoreMedian = median(semaphoreBursts);
        logger.info("Bursts of {} requests, {} rounds:\n{}\n{}\n{}\nbench example-burst: ours={} req/s "
                + "peer=Semaphore({}) {} req/s ratio={} (higher is better; load average {})", REQUESTS, ROUNDS,
                String.join("\n", queueBursts.stream().map((burst) -> "  " + burst).toList()),
                String.join("\n", semaphoreBursts.stream().map((burst) -> "  " + burst).toList()),
                "  medians: " + queueMedian + " | " + semaphoreMedian, fixed(queueMedian.requestsPerSecond()),
                PERMITS, fixed(semaphoreMedian.requestsPerSecond()),
                String.format(Locale.ROOT, "%.2f", queueMedian.requestsPerSecond() / semaphoreMedian.requestsPerSecond()),
                String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        for (Burst burst : concat(queueBursts, semaphoreBursts)) {
            assertThat(burst.threadsStarted()).as("threads started in the client's JVM by %s", burst)
                .isLessThanOrEqualTo(FEW_THREADS);
        }
    }

    /** The client's requests, each let in by one of {@value #PERMITS} permits that its completion returns. */
    private static LongFunction<CompletableFuture<Message>> gatedBySemaphore(MessageClient messages) {
        Semaphore permits = new Semaphore(PERMITS);
        return (id) -> {
            permits.acquireUninterruptibly();
            CompletableFuture<Message> fetch;
            try {
                fetch = ClientGates.fetchOutsideTheQueue(messages, id);
            }
            catch (RuntimeException ex) {
                permits.release();
                throw ex;
            }
            return fetch.whenComplete((message, failure) -> permits.release());
        };
    }

    private static Burst median(List<Burst> bursts) {
        return bursts.stream().sorted(Comparator.comparingLong(Burst::wallNanos)).toList().get(bursts.size() / 2);
    }

    private static List<Burst> concat(List<Burst> first, List<Burst> second) {
        List<Burst> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** One way to send the client's requests: a name and how one request is sent. */
    private static final class Side {

        private final String name;

        private final LongFunction<CompletableFuture<Message>> fetch;

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        Side(String name, LongFunction<CompletableFuture<Message>> fetch) {
            this.name = name;
            this.fetch = fetch;
        }

        /** Sends {@value #REQUESTS} requests at once and waits until all have finished. */
        Burst burst() {
            long threadsBefore = this.threads.getTotalStartedThreadCount();
            long clientCpuBefore = clientCpuNanos();
            long standInCpuBefore = standIn.cpuTime().toNanos();
            long start = System.nanoTime();
            List<CompletableFuture<Message>> fetches = new ArrayList<>(REQUESTS);
            for (long id = 1; id <= REQUESTS; id++) {
                fetches.add(this.fetch.apply(id));
            }
            CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
                .orTimeout(BURST_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                .join();
            long wall = System.nanoTime() - start;
            Burst burst = new Burst(this.name, wall, clientCpuNanos() - clientCpuBefore,
                    standIn.cpuTime().toNanos() - standInCpuBefore,
                    this.threads.getTotalStartedThreadCount() - threadsBefore);
            assertThat(fetches).as("requests of %s", burst).allMatch((fetch) -> !fetch.isCompletedExceptionally());
            return burst;
        }

        private static long clientCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        }
    }

    /** How one burst went: wall time, CPU time of each process, threads started in the client's JVM. */
    private record Burst(String side, long wallNanos, long clientCpuNanos, long standInCpuNanos,
            long threadsStarted) {

        double requestsPerSecond() {
            return REQUESTS / (this.wallNanos / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%s: %d ms, %.0f req/s, client CPU %.0f us/request, stand-in CPU %.0f us/request, %d threads started",
                    this.side, TimeUnit.NANOSECONDS.toMillis(this.wallNanos), requestsPerSecond(),
                    this.clientCpuNanos / 1e3 / REQUESTS, this.standInCpuNanos / 1e3 / REQUESTS, this.threadsStarted);
        }
    }

}
