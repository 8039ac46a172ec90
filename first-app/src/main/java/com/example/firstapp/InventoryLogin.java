package com.example.firstapp;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.github.operationqueue.autoconfigure.LineScoped;
import io.github.operationqueue.line.Line;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The inventory API's access token, from an OAuth 2.0 client credentials login. It expires: when requests
 * find it refused, one of them logs in again through the line {@code inventory-login} while the others
 * wait for that login.
 */
@Service
public class InventoryLogin {

    private final Line loginLine;

    private final HttpClient http;

    private final JsonMapper json;

    private final InventoryProperties inventory;

    private final HttpRequest loginRequest;

    // Replaced only by logIn(), which runs only while this instance holds the line.
    private volatile String token = "";

    public InventoryLogin(@LineScoped("inventory-login") Line loginLine, HttpClient http, JsonMapper json,
            InventoryProperties inventory) {
        this.loginLine = loginLine;
        this.http = http;
        this.json = json;
        this.inventory = inventory;
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(inventory.clientId(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(inventory.clientSecret(), StandardCharsets.UTF_8);
        this.loginRequest = HttpRequest
            .newBuilder(UriComponentsBuilder.fromUri(inventory.baseUri()).pathSegment("oauth", "token").build().toUri())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .timeout(inventory.timeout())
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
                throw InventoryException.noAnswer(this.loginRequest, this.inventory.timeout(), failure);
            })
            .thenApply((response) -> {
                if (response.statusCode() != 200) {
                    throw new InventoryException("Login to the inventory API failed with HTTP "
                            + response.statusCode() + "; check inventory.client-id and inventory.client-secret");
                }
                this.token = accessToken(response.body());
                return this.token;
            });
    }

    // The access token response of OAuth 2.0 (RFC 6749, section 5.1): {"access_token":"…","token_type":"Bearer",…}
    private String accessToken(String answer) {
        try {
            JsonNode accessToken = this.json.readTree(answer).get("access_token");
            if (accessToken != null && accessToken.isString() && !accessToken.stringValue().isEmpty()) {
                return accessToken.stringValue();
            }
        }
        catch (JacksonException ex) {
            // Reported below, as an answer without a token.
        }
        throw new InventoryException("The inventory API's login answer has no access_token; check that "
                + this.loginRequest.uri() + " is its OAuth 2.0 token endpoint");
    }

}
