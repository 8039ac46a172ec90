package com.example.firstapp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
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

/** An inventory API that cannot be reached is reported with the property to check, not as a bare I/O error. */
@Timeout(30)
class UnreachableInventoryApiTests {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        this.executor.shutdownNow();
    }

    @Test
    void aRequestToAnUnreachableApiFailsWithTheAddressAndThePropertyToCheck() throws IOException {
        URI nobodyListens = closedPort();
        OperationQueue queue = OperationQueue.builder().name("inventory-api").executor(this.executor).build();
        queue.start(1);
        InventoryProperties properties = new InventoryProperties(nobodyListens, "first-app", "secret",
                Duration.ofSeconds(10));
        InventoryLogin login = new InventoryLogin(new Line("inventory-login"), this.http, JsonMapper.builder().build(),
                properties);
        InventoryClient inventory = new InventoryClient(queue, login, this.http, properties);

        assertThat(inventory.stock("A-100")).failsWithin(Duration.ofSeconds(20))
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(InventoryException.class)
            .withMessage("Cannot reach the inventory API at " + nobodyListens.resolve("/stock/A-100")
                    + "; check inventory.base-uri");
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

}
