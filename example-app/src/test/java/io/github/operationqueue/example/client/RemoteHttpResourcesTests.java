package io.github.operationqueue.example.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RemoteHttp} owns its Reactor Netty resources: the event-loop threads its answers arrive on are
 * its own, and they end when the bean is destroyed (the context closes), not at JVM exit.
 */
class RemoteHttpResourcesTests {

    private HttpServer server;

    /** Holds the answer back until the test's stage is attached, so that the stage runs where the answer arrives. */
    private final CountDownLatch stageAttached = new CountDownLatch(1);

    @BeforeEach
    void startAServerThatAnswers503() throws Exception {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/remote/", (exchange) -> {
            try {
                this.stageAttached.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "busy".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        this.server.start();
    }

    @AfterEach
    void stopTheServer() {
        this.server.stop(0);
    }

    @Test
    @Timeout(30)
    void theThreadsAnswersArriveOnEndWhenTheBeanIsDestroyed() throws Exception {
        ClientProperties properties = new ClientProperties(
                URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/remote/"), 10,
                Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(5), 4);
        RemoteHttp remote = new RemoteHttp(WebClient.builder(), JsonMapper.builder().build(),
                new RemoteAddress(properties), properties);
        Thread answeredOn;
        try {
            CompletableFuture<Thread> thread = remote.fetchMessage(1, AccessToken.NONE).thenApply((reply) -> {
                assertThat(reply.outcome()).isEqualTo(MessageReply.Outcome.UNAVAILABLE);
                return Thread.currentThread();
            });
            this.stageAttached.countDown();
            answeredOn = thread.get(10, TimeUnit.SECONDS);
        }
        finally {
            remote.destroy();
        }
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(answeredOn.isAlive())
                .as("%s, the thread the answer arrived on, after the bean was destroyed", answeredOn.getName())
                .isFalse());
    }

}
