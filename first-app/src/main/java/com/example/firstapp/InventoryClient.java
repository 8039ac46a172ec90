package com.example.firstapp;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import io.github.operationqueue.OperationQueue;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/** Asks the inventory API for stock levels, at most as many at once as the queue has runners. */
@Service
public class InventoryClient {

    private final OperationQueue queue;

    private final InventoryLogin login;

    private final HttpClient http;

    private final InventoryProperties inventory;

    public InventoryClient(@Qualifier("inventory-api") OperationQueue queue, InventoryLogin login, HttpClient http,
            InventoryProperties inventory) {
        this.queue = queue;
        this.login = login;
        this.http = http;
        this.inventory = inventory;
    }

    /**
     * Returns the stock level of {@code sku}, as the API's JSON; returns at once.
     *
     * @param sku the article: letters, digits and dashes
     * @return completes with the API's answer, or fails with {@link InventoryException}
     */
    public CompletableFuture<String> stock(String sku) {
        // submit(Callable<? extends CompletionStage<? extends T>> operation) returns CompletableFuture<T>.
        // A runner calls the callable when this request's turn comes and is busy until its stage
        // completes; the returned future completes with the stage's value or failure.
        return this.queue.submit(() -> fetch(sku, true));
    }

    private CompletableFuture<String> fetch(String sku, boolean mayRenew) {
        String token = this.login.current();
        HttpRequest request = HttpRequest
            .newBuilder(UriComponentsBuilder.fromUri(this.inventory.baseUri()).pathSegment("stock", sku).build().toUri())
            .header("Authorization", "Bearer " + token)
            .timeout(this.inventory.timeout())
            .build();
        return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .exceptionally((failure) -> {
                throw InventoryException.noAnswer(request, this.inventory.timeout(), failure);
            })
            .thenCompose((response) -> {
                if (response.statusCode() == 401 && mayRenew) {
                    // Expired, or no login yet: renew (one login for all the requests refused with
                    // this token), then retry once.
                    return this.login.renew(token).thenCompose((renewed) -> fetch(sku, false));
                }
                if (response.statusCode() != 200) {
                    return CompletableFuture.failedFuture(new InventoryException(
                            "The inventory API answered HTTP " + response.statusCode() + " for " + sku));
                }
                return CompletableFuture.completedFuture(response.body());
            });
    }

}
