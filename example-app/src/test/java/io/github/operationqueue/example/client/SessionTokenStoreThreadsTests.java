package io.github.operationqueue.example.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link TokenStore} may block (a database), so {@link Session} never calls it on the thread an HTTP
 * answer arrived on: a Reactor Netty event loop, which every other connection's answers wait for.
 */
class SessionTokenStoreThreadsTests {

    private LoopbackRemote remote;

    private final ExecutorService blocking = Executors.newSingleThreadExecutor((task) -> new Thread(task, "blocking"));

    @BeforeEach
    void startAServerThatLogsIn() throws Exception {
        this.remote = new LoopbackRemote((exchange) -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"access_token\":\"fresh\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @AfterEach
    void stopAll() {
        this.remote.close();
        this.blocking.shutdownNow();
    }

    @Test
    @Timeout(30)
    void theStoreIsNeverCalledOnAnEventLoop() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        Session session = new Session(this.remote.http, new StaticListableBeanFactory(Map.of("store", store))
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
