package com.example.firstapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first app, as its user would try it: over HTTP, with its {@code application.yml}, against a
 * stand-in inventory API.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class FirstApplicationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final StandInInventoryApi inventory = startInventory();

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void inventoryApi(DynamicPropertyRegistry properties) {
        properties.add("inventory.base-uri", () -> inventory.baseUri().toString());
        properties.add("inventory.client-secret", () -> StandInInventoryApi.CLIENT_SECRET);
    }

    @AfterAll
    static void stopInventory() {
        inventory.close();
    }

    @BeforeEach
    void inventoryAnswersNormally() {
        inventory.answerStockWith(200);
        inventory.releaseHeldAnswers();
    }

    @Test
    void aStockLevelIsFetchedWithTheTokenOfALogin() {
        HttpResponse<String> response = get("/stock/A-100");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"sku\":\"A-100\",\"available\":7}");
        assertThat(inventory.logins()).isPositive();
    }

    @Test
    void manyRequestsRefusedWithTheSameExpiredTokenLogInOnce() {
        assertThat(get("/stock/A-100").statusCode()).isEqualTo(200);
        int loginsBefore = inventory.logins();
        int refusalsBefore = inventory.unauthorized();
        inventory.expireToken();

        List<HttpResponse<String>> responses = getAll(40);

        assertThat(responses).allSatisfy((response) -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200));
        assertThat(inventory.unauthorized() - refusalsBefore).as("requests refused with the expired token").isPositive();
        assertThat(inventory.logins() - loginsBefore).as("logins for the one expired token").isEqualTo(1);
    }

    @Test
    void theQueueKeepsAtMostEightRequestsInFlightAndHoldsTheRest() {
        assertThat(get("/stock/A-100").statusCode()).isEqualTo(200);
        inventory.holdAnswers();

        CompletableFuture<List<HttpResponse<String>>> responses = CompletableFuture.supplyAsync(() -> getAll(20));

        await().atMost(PATIENCE).until(inventory::inFlight, (inFlight) -> inFlight == 8);
        await().atMost(PATIENCE).until(() -> queue().get("depth").asInt(), (depth) -> depth == 12);
        assertThat(inventory.mostInFlight()).as("requests in flight at once").isEqualTo(8);
        inventory.releaseHeldAnswers();
        assertThat(responses.join()).hasSize(20)
            .allSatisfy((response) -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200));
        assertThat(inventory.mostInFlight()).as("requests in flight at once").isEqualTo(8);
    }

    @Test
    void aRefusalOfTheApiIsABadGatewayThatSaysWhatTheApiAnswered() {
        inventory.answerStockWith(503);

        HttpResponse<String> response = get("/stock/B-7");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(this.json.readTree(response.body()).get("detail").asString())
            .isEqualTo("The inventory API answered HTTP 503 for B-7");
    }

    @Test
    void healthShowsTheQueueWithItsDetails() {
        JsonNode health = this.json.readTree(get("/actuator/health").body());

        JsonNode queue = health.at("/components/operationQueues/components/inventory-api");
        assertThat(queue.get("status").asString()).isEqualTo("UP");
        assertThat(queue.get("details").get("runners")).isNotNull();
    }

    private JsonNode queue() {
        return this.json.readTree(get("/actuator/operationqueues/inventory-api").body());
    }

    private HttpResponse<String> get(String path) {
        return this.http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()).join();
    }

    private List<HttpResponse<String>> getAll(int requests) {
        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.rangeClosed(1, requests)
            .mapToObj((i) -> this.http.sendAsync(request("/stock/C-" + i), HttpResponse.BodyHandlers.ofString()))
            .toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(PATIENCE).build();
    }

    private static StandInInventoryApi startInventory() {
        try {
            return new StandInInventoryApi();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the stand-in inventory API", ex);
        }
    }

}
