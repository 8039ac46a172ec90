package io.github.operationqueue.example.remote;

import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stand-in's data: {@code GET /remote/messages/{id}} answers after a small random latency, with 401
 * for an expired or unknown token and now and then 503. It serves {@code K} requests at once
 * ({@link ServiceCapacity}): the next {@code K} wait for their turn, and beyond those a request gets 503
 * at once. During a {@link Maintenance maintenance window} every request gets 503 at once, with a
 * {@code Retry-After}.
 */
@RestController
class MessageController {

    private static final String BEARER = "Bearer ";

    private final TokenIssuer tokens;

    private final SimulatedNetwork network;

    private final ServiceCapacity capacity;

    private final Maintenance maintenance;

    MessageController(TokenIssuer tokens, SimulatedNetwork network, ServiceCapacity capacity,
            Maintenance maintenance) {
        this.tokens = tokens;
        this.network = network;
        this.capacity = capacity;
        this.maintenance = maintenance;
    }

    @GetMapping("/remote/messages/{id}")
    CompletableFuture<ResponseEntity<RemoteMessage>> message(@PathVariable long id,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        long retryAfterSeconds = this.maintenance.turnAway();
        if (retryAfterSeconds > 0) {
            return CompletableFuture.completedFuture(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .build());
        }
        return this.capacity.admit()
            .thenCompose((admitted) -> admitted ? served(id, authorization)
                    : CompletableFuture.completedFuture(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build()));
    }

    /** Answers a request that holds one of the {@code K} slots, and gives the slot back once it has. */
    private CompletableFuture<ResponseEntity<RemoteMessage>> served(long id, String authorization) {
        CompletableFuture<ResponseEntity<RemoteMessage>> reply;
        try {
            reply = this.network.later(answer(id, authorization));
        }
        catch (RuntimeException ex) {
            this.capacity.release();
            throw ex;
        }
        return reply.whenComplete((answered, failure) -> this.capacity.release());
    }

    private ResponseEntity<RemoteMessage> answer(long id, String authorization) {
        TokenCheck check = this.tokens.check(bearerToken(authorization));
        if (check != TokenCheck.VALID) {
            String error = (check == TokenCheck.EXPIRED) ? "The access token expired" : "The access token is unknown";
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer error=\"invalid_token\", error_description=\"" + error + "\"")
                .build();
        }
        if (this.network.unavailable()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        return ResponseEntity.ok(new RemoteMessage(id, "Message " + id));
    }

    private static String bearerToken(String authorization) {
        return (authorization != null && authorization.startsWith(BEARER)) ? authorization.substring(BEARER.length())
                : null;
    }

}
