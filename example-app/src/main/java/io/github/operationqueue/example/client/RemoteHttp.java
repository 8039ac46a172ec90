package io.github.operationqueue.example.client;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The remote API over HTTP, one call per method: each returns at once, and its future completes when
 * the answer has arrived. No thread waits in between.
 *
 * <p>The futures complete on {@code CompletableFuture}'s default async pool, whatever executor the
 * client has: {@code HttpClient.sendAsync} hands its result over to that pool so that callers' stages
 * never run on the client's own threads. On a machine with one or two cores that pool is no pool but a
 * new thread per task, unless {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} is 2 or more.
 */
@Component
class RemoteHttp {

    private final HttpClient http;

    private final JsonMapper json;

    private final RemoteAddress address;

    private final Duration timeout;

    RemoteHttp(JsonMapper json, RemoteAddress address, ClientProperties properties,
            @Qualifier("applicationTaskExecutor") Executor executor) {
        // The client's own work (reading responses, parsing bodies) runs on the application's task
        // executor rather than on threads the client would start for itself.
        this.http = HttpClient.newBuilder()
            .executor(executor)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.timeout())
            .build();
        this.json = json;
        this.address = address;
        this.timeout = properties.timeout();
    }

    /**
     * Logs in: {@code POST oauth/token}.
     *
     * @return the new token; fails with {@link RemoteServiceException} if the login is refused
     */
    CompletableFuture<AccessToken> logIn() {
        HttpRequest request = HttpRequest.newBuilder(this.address.resolve("oauth/token"))
            .timeout(this.timeout)
            .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
            .POST(BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
        return this.http.sendAsync(request, BodyHandlers.ofString()).thenApply(this::toAccessToken);
    }

    /**
     * Fetches one message: {@code GET messages/{id}}.
     *
     * @param id the message's id
     * @param token the token to present, or {@link AccessToken#NONE}
     * @return the reply; fails with {@link RemoteServiceException} for an answer other than 200, 401 or 503
     */
    CompletableFuture<MessageReply> fetchMessage(long id, AccessToken token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.address.resolve("messages/" + id))
            .timeout(this.timeout)
            .GET();
        if (token != AccessToken.NONE) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token.value());
        }
        return this.http.sendAsync(request.build(), BodyHandlers.ofString())
            .thenApply((response) -> toMessageReply(id, response));
    }

    private AccessToken toAccessToken(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new RemoteServiceException("The remote API refused the login with HTTP " + response.statusCode());
        }
        return new AccessToken(this.json.readValue(response.body(), TokenResponse.class).accessToken());
    }

    private MessageReply toMessageReply(long id, HttpResponse<String> response) {
        return switch (response.statusCode()) {
            case 200 -> MessageReply.delivered(this.json.readValue(response.body(), Message.class));
            case 401 -> MessageReply.of(MessageReply.Outcome.UNAUTHORIZED);
            case 503 -> MessageReply.of(MessageReply.Outcome.UNAVAILABLE);
            default -> throw new RemoteServiceException(
                    "Message " + id + ": the remote API answered HTTP " + response.statusCode());
        };
    }

}
