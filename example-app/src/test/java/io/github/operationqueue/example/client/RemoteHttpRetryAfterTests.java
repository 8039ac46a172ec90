package io.github.operationqueue.example.client;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** A 503 or 429 reaches the client with the quiet its {@code Retry-After} asks for, or none. */
class RemoteHttpRetryAfterTests {

    private LoopbackRemote remote;

    @AfterEach
    void stopAll() {
        if (this.remote != null) {
            this.remote.close();
        }
    }

    @Test
    @Timeout(30)
    void a503WithSecondsCarriesThem() throws Exception {
        MessageReply reply = fetchAnswer(503, "7");

        assertThat(reply.outcome()).isEqualTo(MessageReply.Outcome.UNAVAILABLE);
        assertThat(reply.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    @Timeout(30)
    void a429WithAnHttpDateCarriesTheTimeUntilThen() throws Exception {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));

        MessageReply reply = fetchAnswer(429, inAMinute);

        assertThat(reply.outcome()).isEqualTo(MessageReply.Outcome.UNAVAILABLE);
        // The date has whole seconds, and the answer took a moment to come back.
        assertThat(reply.retryAfter()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(60));
    }

    @Test
    @Timeout(30)
    void a503WithoutOrWithAGarbledRetryAfterCarriesNoQuiet() throws Exception {
        assertThat(fetchAnswer(503, null).retryAfter()).isNull();
        this.remote.close();
        assertThat(fetchAnswer(503, "whenever").retryAfter()).isNull();
    }

    private MessageReply fetchAnswer(int status, String retryAfter) throws Exception {
        this.remote = new LoopbackRemote((exchange) -> {
            exchange.getRequestBody().readAllBytes();
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        return this.remote.http.fetchMessage(1, AccessToken.NONE).get(10, TimeUnit.SECONDS);
    }

}
