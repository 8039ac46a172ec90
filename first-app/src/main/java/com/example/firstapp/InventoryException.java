package com.example.firstapp;

import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** The inventory API refused a request or a login, answered too late, or could not be reached. */
public class InventoryException extends RuntimeException {

    public InventoryException(String message) {
        super(message);
    }

    private InventoryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Names what to check when {@code request} got no answer: the timeout if the API was slow, else the address. */
    static InventoryException noAnswer(HttpRequest request, Duration timeout, Throwable failure) {
        Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
                : failure;
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            return new InventoryException("The inventory API did not answer " + request.method() + " " + request.uri()
                    + " within " + timeout.toMillis() + " ms; check inventory.timeout", cause);
        }
        return new InventoryException("Cannot reach the inventory API at " + request.uri() + "; check inventory.base-uri",
                cause);
    }

}
