package io.github.operationqueue.example.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.github.operationqueue.example.client.Message;
import io.github.operationqueue.example.client.MessageClient;

import org.springframework.stereotype.Component;

/** Sends a burst of message requests at once and, when every one has finished, tells how it went. */
@Component
class BurstRunner {

    private final MessageClient client;

    private final Scoreboard scoreboard;

    BurstRunner(MessageClient client, Scoreboard scoreboard) {
        this.client = client;
        this.scoreboard = scoreboard;
    }

    /**
     * Requests messages {@code 1..requests}, all at once; returns at once.
     *
     * @param requests how many messages to request
     * @return a future that completes when every request has succeeded or given up
     */
    CompletableFuture<BurstResult> run(int requests) {
        RunningTotals before = this.scoreboard.read();
        long start = System.nanoTime();
        List<CompletableFuture<Message>> fetches = LongStream.rangeClosed(1, requests)
            .mapToObj(this.client::fetch)
            .toList();
        // Each failure was logged by the client; here it only counts.
        CompletableFuture<?>[] finished = fetches.stream()
            .map((fetch) -> fetch.handle((message, failure) -> null))
            .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(finished).thenApply((ignored) -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            RunningTotals after = this.scoreboard.read();
            long succeeded = fetches.stream().filter((fetch) -> !fetch.isCompletedExceptionally()).count();
            return new BurstResult(requests, succeeded, requests - succeeded, after.logins() - before.logins(),
                    after.tokenExpiries() - before.tokenExpiries(),
                    after.unauthorizedReplies() - before.unauthorizedReplies(),
                    after.unavailableReplies() - before.unavailableReplies(), millis);
        });
    }

}
