package io.github.operationqueue.example;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.example.client.ClientTotals;
import io.github.operationqueue.example.client.Message;
import io.github.operationqueue.example.client.MessageClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue {@code remote-service} against the stand-in's capacity, end to end over real HTTP, as
 * configured in {@code application.yml} (200 runners, an adaptive limit): the limit comes down when the
 * stand-in's capacity drops, and a {@code Retry-After} quiets the queue instead of being retried into.
 * Asserted on counts and on the direction the limit moves, never on how long it takes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "example.remote.token-lifetime=10m", "example.remote.unavailable-rate=0",
                "example.remote.capacity=30", "spring.main.banner-mode=off" })
class FlowControlEndToEndTests {

    private static final Logger logger = LoggerFactory.getLogger(FlowControlEndToEndTests.class);

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    private int port;

    @Autowired
    private MessageClient client;

    @Autowired
    @Qualifier("remote-service")
    private OperationQueue queue;

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void restoreTheCapacity() {
        new AppHttp(this.port).post("/remote/capacity?k=30");
    }

    @Test
    @Timeout(180)
    void theLimitComesDownWhenTheRemotesCapacityDrops() {
        AppHttp http = new AppHttp(this.port);
        long completedBefore = this.queue.stats().completed();
        List<CompletableFuture<Message>> fetches = fetch(1, 6_000);
        // Let the limit learn the remote at K = 30 over a good many operations first.
        await().atMost(PATIENCE).until(() -> this.queue.stats().completed() - completedBefore >= 1_500);
        double atThirty = limitGauge();

        JsonNode lowered = http.json(http.post("/remote/capacity?k=5"));
        assertThat(lowered.get("capacity").asInt()).isEqualTo(5);
        // Half of what it was: far more than the limit's noise, far less than K = 5 is from 30.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> limitGauge() <= atThirty / 2);
        double atFive = limitGauge();
        logger.info("operation.queue.limit: {} at K = 30, down to {} at K = 5 ({})", atThirty, atFive,
                this.queue.flowControl());

        http.post("/remote/capacity?k=30");
        assertThat(CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))).succeedsWithin(PATIENCE);
        assertThat(atFive).as("the limit once K dropped from 30 to 5").isLessThanOrEqualTo(atThirty / 2);
    }

    @Test
    @Timeout(120)
    void aRetryAfterQuietsTheQueueAndEveryRequestStillSucceeds() {
        AppHttp http = new AppHttp(this.port);
        int requests = 50;
        ClientTotals before = this.client.totals();

        JsonNode window = http.json(http.post("/remote/maintenance?seconds=2"));
        assertThat(window.get("secondsLeft").asLong()).isEqualTo(2);
        long turnedAwayBefore = window.get("turnedAway").asLong();
        List<CompletableFuture<Message>> fetches = fetch(100_001, requests);
        // The first answers carry Retry-After: the queue is told to start nothing for a while.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
            .until(() -> this.queue.flowControl().quietRemaining().compareTo(Duration.ZERO) > 0);

        assertThat(CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))).succeedsWithin(PATIENCE);
        long turnedAway = http.json(http.get("/remote/maintenance")).get("turnedAway").asLong() - turnedAwayBefore;
        ClientTotals after = this.client.totals();
        logger.info("{} requests during a 2 s maintenance window: {} turned away with Retry-After", requests,
                turnedAway);
        assertThat(after.succeeded() - before.succeeded()).isEqualTo(requests);
        assertThat(turnedAway).as("requests turned away").isPositive();
        // Honoured, a Retry-After sends each request away about once; retried into with back-offs of 20 ms
        // and up, each request would be turned away several times over the window.
        assertThat(turnedAway).as("requests turned away, for %d requests", requests).isLessThan(2L * requests);
        assertThat(after.unavailableReplies() - before.unavailableReplies()).isGreaterThanOrEqualTo(turnedAway);
    }

    private List<CompletableFuture<Message>> fetch(long firstId, int requests) {
        return LongStream.range(firstId, firstId + requests).mapToObj(this.client::fetch).toList();
    }

    private double limitGauge() {
        return this.meters.get("operation.queue.limit").tag("queue", "remote-service").gauge().value();
    }

}
