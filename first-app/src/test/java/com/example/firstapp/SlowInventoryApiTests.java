package com.example.firstapp;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.line.Line;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** An inventory API that answers too late is reported as slow, with the property that sets the wait. */
@Timeout(60)
class SlowInventoryApiTests {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final HttpClient http = HttpClient.newHttpClient();

    private final StandInInventoryApi inventory = new StandInInventoryApi();

    SlowInventoryApiTests() throws IOException {
    }

    @AfterEach
    void stop() {
        this.inventory.close();
        this.executor.shutdownNow();
    }

    @Test
    void aRequestTheApiAnswersTooLateFailsWithTheTimeoutAndThePropertyThatSetsIt() {
        OperationQueue queue = OperationQueue.builder().name("inventory-api").executor(this.executor).build();
        queue.start(1);
        InventoryProperties properties = new InventoryProperties(this.inventory.baseUri(), "first-app",
                StandInInventoryApi.CLIENT_SECRET, TIMEOUT);
        InventoryLogin login = new InventoryLogin(new Line("inventory-login"), this.http, JsonMapper.builder().build(),
                properties);
        InventoryClient client = new InventoryClient(queue, login, this.http, properties);
        // The login is answered; the stock request, sent with its token, is held past the timeout.
        this.inventory.holdAnswers();

        assertThat(client.stock("A-100")).failsWithin(Duration.ofSeconds(30))
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(InventoryException.class)
            .withMessage("The inventory API did not answer GET " + this.inventory.baseUri().resolve("/stock/A-100")
                    + " within 300 ms; check inventory.timeout");
        assertThat(this.inventory.logins()).as("logins before the held request").isOne();
    }

}
