package io.github.operationqueue.example;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to the application under test, as a user's client would make them. */
final class AppHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(110);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final JsonMapper json = JsonMapper.builder().build();

    private final URI base;

    AppHttp(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(this.base.resolve(path)).GET());
    }

    HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(this.base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode json(HttpResponse<String> response) {
        return this.json.readTree(response.body());
    }

    <T> T json(HttpResponse<String> response, Class<T> type) {
        return this.json.readValue(response.body(), type);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return this.http.send(request.timeout(TIMEOUT).build(), BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("HTTP call to the application failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the application", ex);
        }
    }

}
