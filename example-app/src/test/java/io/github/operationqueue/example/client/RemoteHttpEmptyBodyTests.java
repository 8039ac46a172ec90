package io.github.operationqueue.example.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A 200 without a body is a broken answer: {@link RemoteHttp} fails the call naming it, rather than
 * completing with {@code null} for the caller to trip over later.
 */
class RemoteHttpEmptyBodyTests {

    private HttpServer server;

    private RemoteHttp remote;

    @BeforeEach
    void startAServerThatAnswers200WithoutABody() throws Exception {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/remote/", (exchange) -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        this.server.start();
        ClientProperties properties = new ClientProperties(
                URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/remote/"), 10,
                Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(5), 4);
        this.remote = new RemoteHttp(WebClient.builder(), JsonMapper.builder().build(), new RemoteAddress(properties),
                properties);
    }

    @AfterEach
    void stopAll() {
        this.remote.destroy();
        this.server.stop(0);
    }

    @Test
    @Timeout(30)
    void aMessageWithoutABodyFailsTheFetch() {
        assertFailsWith(this.remote.fetchMessage(7, AccessToken.NONE), "Message 7: the remote API answered HTTP 200 without a body");
    }

    @Test
    @Timeout(30)
    void aLoginWithoutABodyFailsTheLogin() {
        assertFailsWith(this.remote.logIn(), "The remote API answered the login with HTTP 200 without a body");
    }

    private static void assertFailsWith(CompletableFuture<?> call, String message) {
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> call.get(10, TimeUnit.SECONDS))
            .havingCause()
            .isInstanceOf(RemoteServiceException.class)
            .withMessage(message);
        assertThat(call).isCompletedExceptionally();
    }

}
