package io.github.operationqueue.example;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.operationqueue.example.api.BurstResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request that meets an expired token on its last attempt gives up, but renews the login first: the
 * expiry it met still gets its one login, rather than leaving the next request a forgotten token and a
 * login that matches no expiry. One attempt per request and no 503s make every expiry met a failure.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "example.client.max-attempts=1", "example.remote.token-lifetime=200ms",
                "example.remote.min-latency=1ms", "example.remote.max-latency=2ms",
                "example.remote.unavailable-rate=0", "spring.main.banner-mode=off",
                // The request that gives up does so on purpose.
                "logging.level.io.github.operationqueue.example.client.MessageClient=error" })
class ExpiryOnTheLastAttemptTests {

    @LocalServerPort
    private int port;

    @Test
    @Timeout(60)
    void aRequestOutOfAttemptsStillLogsInOnceForTheExpiryItMet() {
        AppHttp http = new AppHttp(this.port);
        AtomicReference<BurstResult> failedBurst = new AtomicReference<>();

        // Single requests succeed until the startup login's token expires; the first one after that fails.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            BurstResult burst = http.json(http.post("/api/burst?requests=1"), BurstResult.class);
            failedBurst.set(burst);
            return burst.failed() == 1;
        });

        BurstResult burst = failedBurst.get();
        assertThat(burst.tokenExpiries()).isEqualTo(1);
        assertThat(burst.logins()).as("logins during the failed request").isEqualTo(1);
    }

}
