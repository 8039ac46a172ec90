package io.github.operationqueue.example;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.autoconfigure.integration.LocalServers;
import io.github.operationqueue.autoconfigure.integration.PostgresServer;
import io.github.operationqueue.example.api.BurstResult;
import io.github.operationqueue.example.api.RunningTotals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example app as users run it: its jar started twice, as two JVMs that share nothing but one
 * PostgreSQL (profile {@code shared-line}): the lock of the line {@code remote-auth} and the login
 * token. Instance {@code first} also serves the stand-in remote API that both call, so its totals
 * count every login and every expired token. Runs under {@code -Preliability}, after {@code package}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class TwoProcessSharedLineIT {

    private static final Logger logger = LoggerFactory.getLogger(TwoProcessSharedLineIT.class);

    private static final int REQUESTS = 600;

    private static final List<AutoCloseable> started = new ArrayList<>();

    private static PostgresServer postgres;

    private static AppProcess first;

    private static AppProcess second;

    private static Path directory;

    private static final ExecutorService senders = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void startPostgresAndTwoInstances() throws Exception {
        Path jar = Path.of(System.getProperty("example.jar", "target/example-app-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the application jar, built by `package`").isRegularFile();
        // The processes' logs stay in target/ for a look after a failure.
        directory = Files.createDirectories(Path.of("target", "two-process-logs"));
        postgres = PostgresServer.start();
        started.add(postgres);
        int firstPort = LocalServers.freePort();
        first = AppProcess.start("first", jar, firstPort, directory, arguments(firstPort));
        started.add(0, first);
        int secondPort = LocalServers.freePort();
        List<String> secondArguments = new ArrayList<>(arguments(firstPort));
        secondArguments.add("--example.client.base-uri=http://127.0.0.1:" + firstPort + "/remote/");
        second = AppProcess.start("second", jar, secondPort, directory, secondArguments);
        started.add(0, second);
    }

    /** Both instances: the shared line and token in PostgreSQL, short tokens, a short lock time to live. */
    private static List<String> arguments(int remotePort) {
        return List.of("--spring.profiles.active=shared-line",
                "--example.shared-line.database.url=" + postgres.jdbcUrl(),
                "--example.shared-line.database.username=postgres",
                "--operation-queue.lines.remote-auth.time-to-live=3s", "--example.remote.token-lifetime=500ms",
                "--example.remote.min-latency=120ms", "--example.remote.max-latency=150ms",
                "--example.remote.unavailable-rate=0.05",
                // Each instance's copy of the shared token goes stale when the other renews it, which costs its
                // requests one more refusal per expiry; 503 back-offs stretch a request over more expiries.
                "--example.client.max-attempts=20");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        senders.shutdownNow();
        // Every process this class started, also when a test or the start failed.
        for (AutoCloseable process : started) {
            process.close();
        }
    }

    @Test
    @Order(1)
    void twoProcessesBurstingAcrossTokenExpiriesLogInOncePerExpiryInTotal() {
        RunningTotals before = remoteTotals();

        List<BurstResult> bursts = burstBoth().stream().map(CompletableFuture::join).toList();

        RunningTotals after = remoteTotals();
        long logins = after.logins() - before.logins();
        long expiries = after.tokenExpiries() - before.tokenExpiries();
        long whileValid = after.loginsWhileValid() - before.loginsWhileValid();
        logger.info("Two processes, {} requests each: {}; {} logins for {} expired tokens, {} while a token was "
                + "still valid", REQUESTS, bursts, logins, expiries, whileValid);
        assertThat(bursts).allSatisfy((burst) -> assertThat(burst.succeeded())
            .as("%s\n%s\n%s", burst, first.output(), second.output())
            .isEqualTo(REQUESTS));
        assertThat(expiries).as("the bursts outlive a token").isPositive();
        assertThat(logins).as("logins across both processes, one per expired token\n%s\n%s", first.output(),
                second.output()).isEqualTo(expiries);
        assertThat(whileValid).as("logins while the shared token was still valid (one per instance would be "
                + "a login per instance per expiry)").isZero();
    }

    @Test
    @Order(2)
    void whenOneProcessIsKilledMidBurstTheSurvivorFinishesEveryRequestWithAtMostOneExtraLogin() throws Exception {
        RunningTotals before = remoteTotals();
        List<CompletableFuture<BurstResult>> bursts = burstBoth();
        // Mid-burst: once the remote has met an expired token, logins are under way.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
            .until(() -> remoteTotals().tokenExpiries() > before.tokenExpiries());

        second.kill();
        BurstResult survivor = bursts.get(0).get(3, TimeUnit.MINUTES);

        RunningTotals after = remoteTotals();
        long logins = after.logins() - before.logins();
        long expiries = after.tokenExpiries() - before.tokenExpiries();
        long whileValid = after.loginsWhileValid() - before.loginsWhileValid();
        logger.info("Second process killed mid-burst: survivor {}; {} logins for {} expired tokens, {} while a "
                + "token was still valid", survivor, logins, expiries, whileValid);
        assertThat(second.isAlive()).isFalse();
        assertThat(survivor.succeeded()).as("%s\n%s", survivor, first.output()).isEqualTo(REQUESTS);
        assertThat(logins).as("at most one login more than expired tokens").isBetween(expiries, expiries + 1);
        assertThat(whileValid).as("logins while a token was still valid: at most the killed one's").isLessThanOrEqualTo(1);
    }

    /** Sends a burst to both processes at once, each from a thread of its own; first's first. */
    private static List<CompletableFuture<BurstResult>> burstBoth() {
        return List.of(CompletableFuture.supplyAsync(() -> burst(first), senders),
                CompletableFuture.supplyAsync(() -> burst(second), senders));
    }

    private static BurstResult burst(AppProcess app) {
        HttpResponse<String> response = app.http().post("/api/burst?requests=" + REQUESTS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return app.http().json(response, BurstResult.class);
    }

    private static RunningTotals remoteTotals() {
        return first.http().json(first.http().get("/api/stats"), RunningTotals.class);
    }

}
