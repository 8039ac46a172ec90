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
 * for an expired or unknown token and now and then 503.
 */
@RestController
class MessageController {

    private static final String BEARER = "Bearer ";

    private final TokenIssuer tokens;

    private final SimulatedNetwork network;

    MessageController(TokenIssuer tokens, SimulatedNetwork network) {
        this.tokens = tokens;
        this.network = network;
    }

    @GetMapping("/remote/messages/{id}")
    CompletableFuture<ResponseEntity<RemoteMessage>> message(@PathVariable long id,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return this.network.later(answer(id, authorization));
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
