package io.github.operationqueue.example;

import java.net.http.HttpResponse;

import io.github.operationqueue.example.api.BurstResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of 1,000 requests, end to end over real HTTP: {@code POST /api/burst} → the client → queue
 * {@code remote-service} → the stand-in remote API, whose tokens expire after 1 s.
 *
 * <p><b>The invariant: {@code logins == tokenExpiries}</b>, both counted by the remote side during the
 * burst (a login is a token issued; an expiry met is an expired token that some request presented,
 * counted once per token). Why it holds:
 * <ul>
 * <li>The client replaces its token only in {@code Session.renewIfStillCurrent(refused)}, which logs in
 * only if the refused token is still the current one, and runs only while the request holds the line
 * {@code remote-auth}. Holders run one at a time, so check-then-login is atomic: each refused token
 * causes at most one login, and no login happens without a refused token.</li>
 * <li>The client presents only tokens the remote issued. A token is refused once it has expired: the
 * first request to present it then meets its expiry, which the remote counts, and later ones find it
 * forgotten. A request refused with token T asks the line, even on its last attempt before it gives up:
 * either T is still current and it logs in, or T was replaced, which only a login for T does. So each
 * counted expiry causes at least one login.</li>
 * <li>The application logged in once at startup, before the test, so no first login falls into the
 * burst.</li>
 * </ul>
 * At least one expiry is met. The stand-in serves at most 30 requests at once ({@code example.remote.capacity}),
 * each for at least 120 ms, so the 301st request it serves (of at least 1,000) is served at least
 * 9 &times; 120 ms = 1.08 s after the burst began: later than the expiry of the token in use when it
 * began, which was issued before and lives 1 s. That request presents either this token, now expired, or
 * one that replaced an expired one.
 */
@ExampleAppTest
class BurstEndToEndTests {

    private static final Logger logger = LoggerFactory.getLogger(BurstEndToEndTests.class);

    @LocalServerPort
    private int port;

    @Test
    @Timeout(120)
    void aBurstOfAThousandRequestsAllSucceedWithOneLoginPerTokenExpiry() {
        AppHttp http = new AppHttp(this.port);

        HttpResponse<String> response = http.post("/api/burst?requests=1000");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        BurstResult burst = http.json(response, BurstResult.class);
        logger.info("Burst: {}", burst);
        assertThat(burst.requests()).isEqualTo(1000);
        assertThat(burst.succeeded()).isEqualTo(1000);
        assertThat(burst.failed()).isZero();
        assertThat(burst.tokenExpiries()).isPositive();
        assertThat(burst.logins()).as("logins, one per expired token").isEqualTo(burst.tokenExpiries());
        // Every expiry was met by at least one refused request, and none of them logged in twice.
        assertThat(burst.unauthorizedReplies()).isGreaterThanOrEqualTo(burst.tokenExpiries());
    }

    @Test
    @Timeout(120)
    void theActuatorShowsTheQueueWithItsRunnersItsLimitAndTheLine() {
        AppHttp http = new AppHttp(this.port);
        assertThat(http.post("/api/burst?requests=200").statusCode()).isEqualTo(200);

        JsonNode queue = http.json(http.get("/actuator/operationqueues/remote-service"));
        JsonNode runners = queue.get("runners");
        int allRunners = runners.get("pending").asInt() + runners.get("waiting").asInt()
                + runners.get("running").asInt();
        assertThat(allRunners).isEqualTo(200);
        JsonNode flowControl = queue.get("flowControl");
        assertThat(flowControl.get("algorithm").asString()).isEqualTo("aimd");
        assertThat(flowControl.get("limit").asInt()).isBetween(2, 200);
        assertThat(queue.get("operations").get("completed").asLong()).isGreaterThanOrEqualTo(200);
        JsonNode line = http.json(http.get("/actuator/lines/remote-auth"));
        assertThat(line.get("acquisitions").get("acquired").asLong()).isPositive();
        JsonNode health = http.json(http.get("/actuator/health"));
        assertThat(health.get("status").asString()).isEqualTo("UP");
    }

    @Test
    @Timeout(120)
    void theRunningTotalsCountTheStartupLoginApartFromTheLoginsForExpiredTokens() {
        AppHttp http = new AppHttp(this.port);
        assertThat(http.post("/api/burst?requests=200").statusCode()).isEqualTo(200);

        JsonNode stats = http.json(http.get("/api/stats"));

        assertThat(stats.get("startupLogins")).as("startupLogins in %s", stats).isNotNull();
        assertThat(stats.get("startupLogins").asLong()).as("the login at startup").isOne();
        // No burst is running: every expiry met so far has had its login.
        assertThat(stats.get("logins").asLong()).as("logins for expired tokens, in %s", stats)
            .isEqualTo(stats.get("tokenExpiries").asLong());
    }

}
