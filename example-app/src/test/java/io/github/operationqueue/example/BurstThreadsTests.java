package io.github.operationqueue.example;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.github.operationqueue.example.api.BurstResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst starts no thread per request: the client's answers arrive on a fixed set of threads, whatever
 * the machine's common pool is. {@code HttpClient.sendAsync} hands every answer to
 * {@code CompletableFuture}'s default async pool, which on a machine with two cores or fewer starts a
 * new thread per task: a burst of 1,500 then started about 1,500 threads.
 *
 * <p>A warm-up burst as large as the largest measured first lets the pools grow to what a burst needs
 * (the server's threads, the client's event loops); then two bursts of different sizes must each start
 * no more than a small constant number of threads. The threads a burst leaves behind are named in the
 * failure message.
 */
@ExampleAppTest
class BurstThreadsTests {

    private static final Logger logger = LoggerFactory.getLogger(BurstThreadsTests.class);

    /** Threads a burst may start whatever its size: pools that still grow a little, a timer restarted. */
    private static final long FEW_THREADS = 16;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @LocalServerPort
    private int port;

    @Test
    @Timeout(120)
    void aBurstStartsAFewThreadsWhateverItsSize() {
        AppHttp http = new AppHttp(this.port);
        burst(http, 1500);

        long forFiveHundred = threadsStartedDuring(http, 500);
        long forFifteenHundred = threadsStartedDuring(http, 1500);

        logger.info("Threads started: {} during a burst of 500, {} during a burst of 1,500", forFiveHundred,
                forFifteenHundred);
        assertThat(forFiveHundred).as("threads started during a burst of 500").isLessThanOrEqualTo(FEW_THREADS);
        assertThat(forFifteenHundred).as("threads started during a burst of 1,500").isLessThanOrEqualTo(FEW_THREADS);
    }

    private long threadsStartedDuring(AppHttp http, int requests) {
        Set<Long> alive = liveThreads().keySet();
        long before = this.threads.getTotalStartedThreadCount();
        burst(http, requests);
        long started = this.threads.getTotalStartedThreadCount() - before;
        Map<Long, String> left = liveThreads();
        left.keySet().removeAll(alive);
        logger.info("A burst of {} started {} threads; still alive: {}", requests, started, left.values());
        return started;
    }

    private Map<Long, String> liveThreads() {
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo thread : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
            if (thread != null) {
                names.put(thread.getThreadId(), thread.getThreadName());
            }
        }
        return names;
    }

    private static void burst(AppHttp http, int requests) {
        HttpResponse<String> response = http.post("/api/burst?requests=" + requests);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(http.json(response, BurstResult.class).succeeded()).isEqualTo(requests);
    }

}
