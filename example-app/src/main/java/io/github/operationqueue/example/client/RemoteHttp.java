package io.github.operationqueue.example.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The remote API over HTTP, one call per method: each returns at once, and its future completes when
 * the answer has arrived. No thread waits in between.
 *
 * <p>The calls go through Spring's {@link WebClient} on Reactor Netty, and their futures complete on
 * Reactor Netty's event-loop threads, a fixed set started once. Not through the JDK's
 * {@code HttpClient.sendAsync}: whatever executor that client is given, it hands every result to
 * {@code CompletableFuture}'s default async pool, and on a machine with two cores or fewer (the common
 * pool's parallelism is then 1) that pool starts a new thread per task: a burst of 5,000 requests started
 * 5,198 threads.
 *
 * <p>The connection pool holds {@code example.client.connections} connections, as many as the queue
 * {@code remote-service} has runners, so that no request in flight waits for a connection. The pool and
 * the event loops ({@code remote-api-*} threads) belong to this bean, not to Reactor Netty's global
 * resources, which nothing in the application would dispose: they end when the context closes.
 */
@Component
class RemoteHttp implements DisposableBean {

    /** Longest wait at shutdown for the event loops to finish what they were doing. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final ConnectionProvider connections;

    private final LoopResources loops;

    private final WebClient web;

    private final JsonMapper json;

    private final RemoteAddress address;

    private final Duration timeout;

    RemoteHttp(WebClient.Builder web, JsonMapper json, RemoteAddress address, ClientProperties properties) {
        this.connections = ConnectionProvider.builder("remote-api")
            .maxConnections(properties.connections())
            .build();
        this.loops = LoopResources.create("remote-api", LoopResources.DEFAULT_IO_WORKER_COUNT, true);
        HttpClient http = HttpClient.create(this.connections)
            .runOn(this.loops)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.timeout().toMillis()))
            .responseTimeout(properties.timeout());
        this.web = web.clientConnector(new ReactorClientHttpConnector(http)).build();
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
        return this.web.post()
            .uri(this.address.resolve("oauth/token"))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
            .exchangeToMono(this::toAccessToken)
            .toFuture();
    }

    /**
     * Fetches one message: {@code GET messages/{id}}.
     *
     * @param id the message's id
     * @param token the token to present, or {@link AccessToken#NONE}
     * @return the reply, with the {@code Retry-After} of a 503 or 429 read; fails with
     *         {@link RemoteServiceException} for an answer other than 200, 401, 429 or 503, and with
     *         {@link TimeoutException} when no answer came within {@code example.client.timeout}
     */
    CompletableFuture<MessageReply> fetchMessage(long id, AccessToken token) {
        return this.web.get()
            .uri(this.address.resolve("messages/" + id))
            .headers((headers) -> {
                if (token != AccessToken.NONE) {
                    headers.setBearerAuth(token.value());
                }
            })
            .exchangeToMono((response) -> toMessageReply(id, response))
            .onErrorMap(RemoteHttp::isTimeout, (ex) -> timedOut(id, ex))
            .toFuture();
    }

    @Override
    public void destroy() {
        // No quiet period: the context stopped its lifecycle beans, the queues among them, before destroying
        // beans, so no request is still to come.
        this.connections.disposeLater()
            .then(this.loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT))
            .block(SHUTDOWN_TIMEOUT.multipliedBy(2));
    }

    /**
     * Whether Reactor Netty gave up waiting: WebClient wraps its {@code ReadTimeoutException} (the response
     * timeout) or {@code ConnectTimeoutException} in a {@code WebClientRequestException}, a type that says
     * nothing of overload.
     */
    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.netty.handler.timeout.TimeoutException
                    || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A timeout as the JDK's type, which the queue remote-service counts as overload (RemoteServiceOverload). */
    private TimeoutException timedOut(long id, Throwable failure) {
        TimeoutException timeout = new TimeoutException("Message " + id + ": no answer from the remote API within "
                + this.timeout + " (example.client.timeout)");
        timeout.initCause(failure);
        return timeout;
    }

    private Mono<AccessToken> toAccessToken(ClientResponse response) {
        int status = response.statusCode().value();
        if (status != 200) {
            return response.releaseBody().then(Mono.error(
                    new RemoteServiceException("The remote API refused the login with HTTP " + status)));
        }
        return response.bodyToMono(String.class)
            .switchIfEmpty(Mono.error(() -> new RemoteServiceException(
                    "The remote API answered the login with HTTP 200 without a body")))
            .map((body) -> new AccessToken(this.json.readValue(body, TokenResponse.class).accessToken()));
    }

    private Mono<MessageReply> toMessageReply(long id, ClientResponse response) {
        int status = response.statusCode().value();
        return switch (status) {
            case 200 -> response.bodyToMono(String.class)
                .switchIfEmpty(Mono.error(() -> new RemoteServiceException(
                        "Message " + id + ": the remote API answered HTTP 200 without a body")))
                .map((body) -> MessageReply.delivered(this.json.readValue(body, Message.class)));
            case 401 -> response.releaseBody().thenReturn(MessageReply.unauthorized());
            case 429, 503 -> {
                String retryAfter = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                yield response.releaseBody()
                    .thenReturn(MessageReply.unavailable(RetryAfter.parse(retryAfter, Instant.now())));
            }
            default -> response.releaseBody().then(Mono.error(
                    new RemoteServiceException("Message " + id + ": the remote API answered HTTP " + status)));
        };
    }

}
