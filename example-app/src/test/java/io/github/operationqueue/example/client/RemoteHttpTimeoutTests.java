package io.github.operationqueue.example.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote that does not answer within {@code example.client.timeout} fails the request with a
 * {@link TimeoutException}: the type {@link RemoteServiceOverload} names, so that the queue's adaptive limit
 * counts it as overload.
 */
class RemoteHttpTimeoutTests {

    private final CountDownLatch answer = new CountDownLatch(1);

    private LoopbackRemote remote;

    @AfterEach
    void stopAll() {
        this.answer.countDown();
        if (this.remote != null) {
            this.remote.close();
        }
    }

    @Test
    @Timeout(30)
    void noAnswerInTimeFailsWithATimeoutException() throws Exception {
        this.remote = new LoopbackRemote((exchange) -> {
            try {
                this.answer.await(20, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        }, Duration.ofMillis(300));

        assertThat(this.remote.http.fetchMessage(1, AccessToken.NONE)).failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .havingCause()
            .isInstanceOf(TimeoutException.class)
            .withMessageContaining("Message 1")
            .withMessageContaining("example.client.timeout");
    }

}
