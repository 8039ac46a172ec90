package com.example.firstapp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.operationqueue.autoconfigure.LineScoped;
import io.github.operationqueue.line.Line;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The inventory API's access token. It expires: when requests find it refused, one of them logs in
 * again through the line {@code inventory-login} while the others wait for that login.
 */
@Service
public class InventoryLogin {

    private final Line loginLine;

    private final HttpClient http;

    private final HttpRequest loginRequest;

    // Replaced only by logIn(), which runs only while this instance holds the line.
    private volatile String token = "";

    public InventoryLogin(@LineScoped("inventory-login") Line loginLine, HttpClient http,
            @Value("${inventory.base-uri}") URI baseUri, @Value("${inventory.client-id}") String clientId,
            @Value("${inventory.client-secret}") String clientSecret) {
        this.loginLine = loginLine;
        this.http = http;
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        this.loginRequest = HttpRequest.newBuilder(baseUri.resolve("/oauth/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    }

    /** Returns the token to send now: empty until the first login. */
    public String current() {
        return this.token;
    }

    /**
     * Replaces a token the API refused, with one login however many requests call this with it at once:
     * the caller that takes the line logs in, the others wait for it. A caller that takes the line after
     * that login (it was refused just before) finds the token replaced and logs in no more.
     *
     * @param refused the token the API refused
     * @return completes when the caller may retry with {@link #current()}; fails if the login failed
     */
    public CompletableFuture<Void> renew(String refused) {
        // coalesce(Supplier<? extends CompletionStage<?>> handler) calls the handler only for the caller
        // that takes the line, and holds the line until the handler's stage completes; then every
        // caller's future completes, with the handler's failure if it failed.
        return this.loginLine.coalesce(
                () -> refused.equals(this.token) ? logIn() : CompletableFuture.completedFuture(null));
    }

    private CompletableFuture<String> logIn() {
        return this.http.sendAsync(this.loginRequest, HttpResponse.BodyHandlers.ofString())
            .exceptionally((failure) -> {
                throw InventoryException.unreachable(this.loginRequest.uri(), failure);
            })
            .thenApply((response) -> {
                if (response.statusCode() != 200) {
                    throw new InventoryException("Login to the inventory API failed with HTTP "
                            + response.statusCode() + "; check inventory.client-id and inventory.client-secret");
                }
                this.token = response.body(); // this API answers with the token as plain text
                return this.token;
            });
    }

}
