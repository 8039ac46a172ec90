package io.github.operationqueue.example.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link TokenStore} may block (a database), so {@link Session} never calls it on the thread an HTTP
 * answer arrived on: a Reactor Netty event loop, which every other connection's answers wait for.
 */
class SessionTokenStoreThreadsTests {

    private HttpServer server;

    private RemoteHttp remote;

    private final ExecutorService blocking = Executors.newSingleThreadExecutor((task) -> new Thread(task, "blocking"));

    @BeforeEach
    void startAServerThatLogsIn() throws Exception {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/remote/oauth/token", (exchange) -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"access_token\":\"fresh\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
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
        this.blocking.shutdownNow();
    }

    @Test
    @Timeout(30)
    void theStoreIsNeverCalledOnAnEventLoop() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        Session session = new Session(this.remote, new StaticListableBeanFactory(Map.of("store", store))
            .getBeanProvider(TokenStore.class), this.blocking);

        AccessToken token = session.renewIfStillCurrent(AccessToken.NONE).get(10, TimeUnit.SECONDS);

        assertThat(token.value()).isEqualTo("fresh");
        assertThat(store.calls).as("the store's calls and the threads they ran on")
            .containsExactly("load on blocking (may block)", "save on blocking (may block)");
    }

    /** Records each call and whether its thread was one where blocking is forbidden. */
    private static final class ThreadRecordingStore implements TokenStore {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public String load() {
            record("load");
            return null;
        }

        @Override
        public void save(String token) {
            record("save");
        }

        private void record(String call) {
            this.calls.add(call + " on " + Thread.currentThread().getName()
                    + (Schedulers.isInNonBlockingThread() ? " (an event loop)" : " (may block)"));
        }

    }

}
