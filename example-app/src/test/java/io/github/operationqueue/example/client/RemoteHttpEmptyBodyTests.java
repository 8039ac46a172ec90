package io.github.operationqueue.example.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A 200 without a body is a broken answer: {@link RemoteHttp} fails the call naming it, rather than
 * completing with {@code null} for the caller to trip over later.
 */
class RemoteHttpEmptyBodyTests {

    private LoopbackRemote remote;

    @BeforeEach
    void startAServerThatAnswers200WithoutABody() throws Exception {
        this.remote = new LoopbackRemote((exchange) -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
    }

    @AfterEach
    void stopAll() {
        this.remote.close();
    }

    @Test
    @Timeout(30)
    void aMessageWithoutABodyFailsTheFetch() {
        assertFailsWith(this.remote.http.fetchMessage(7, AccessToken.NONE), "Message 7: the remote API answered HTTP 200 without a body");
    }

    @Test
    @Timeout(30)
    void aLoginWithoutABodyFailsTheLogin() {
        assertFailsWith(this.remote.http.logIn(), "The remote API answered the login with HTTP 200 without a body");
    }

    private static void assertFailsWith(CompletableFuture<?> call, String message) {
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> call.get(10, TimeUnit.SECONDS))
            .havingCause()
            .isInstanceOf(RemoteServiceException.class)
            .withMessage(message);
        assertThat(call).isCompletedExceptionally();
    }

}
