package io.github.operationqueue.example.client;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.LineScoped;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineCoordinationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Fetches messages from the remote API: each request is one operation of the queue
 * {@code remote-service}, retried until it gets its message or runs out of attempts.
 *
 * <p>Two refusals are retried. A 401 means the token expired: the request asks the line
 * {@code remote-auth} to renew the login. The first request to ask holds the line and logs in again,
 * unless an earlier login already replaced the refused token; every request that asks meanwhile waits
 * for that holder. So however many requests meet the same expired token, exactly one login is made for
 * it. A 503 means the service is busy: the request waits with exponential back-off, holding no thread.
 * A login that fails fails every request that waited for it, with the same exception; a shared line
 * that could not reach its lock store is retried like a 503.
 */
@Service
public class MessageClient {

    private static final Logger logger = LoggerFactory.getLogger(MessageClient.class);

    private static final Duration SIGN_IN_TIMEOUT = Duration.ofSeconds(10);

    private final OperationQueue queue;

    private final Line authLine;

    private final Session session;

    private final RemoteHttp remote;

    private final BackOff backOff;

    private final int maxAttempts;

    private final ClientCounters counters = new ClientCounters();

    MessageClient(@Qualifier("remote-service") OperationQueue queue, @LineScoped("remote-auth") Line authLine,
            Session session, RemoteHttp remote, ClientProperties properties) {
        this.queue = queue;
        this.authLine = authLine;
        this.session = session;
        this.remote = remote;
        this.backOff = new BackOff(properties.firstBackOff(), properties.maxBackOff());
        this.maxAttempts = properties.maxAttempts();
    }

    /**
     * Fetches one message; returns at once.
     *
     * @param id the message's id
     * @return a future that completes with the message, or fails with {@link RemoteServiceException}
     *         once the request gave up
     */
    public CompletableFuture<Message> fetch(long id) {
        this.counters.requested();
        return this.queue.<Message>submit(() -> attempt(id, 1)).whenComplete((message, failure) -> {
            this.counters.finished(failure == null);
            if (failure != null) {
                logger.warn("remote-service: message {} failed: {}", id, failure.toString());
            }
        });
    }

    /**
     * Fetches one message as {@link #fetch(long)} does, attempts, logins and back-offs alike, but outside
     * the queue and uncounted: what the client would do gated by something else, for the comparison that
     * {@code BurstSideBySideIT} makes.
     *
     * @param id the message's id
     * @return a future that completes with the message, or fails once the request gave up
     */
    CompletableFuture<Message> fetchOutsideTheQueue(long id) {
        return attempt(id, 1);
    }

    /**
     * Returns the client's counters since startup.
     *
     * @return a snapshot
     */
    public ClientTotals totals() {
        return this.counters.totals(this.session.startupLogins());
    }

    /** Logs in once the application is up, as a client does when it starts, so that requests find a token. */
    @EventListener(ApplicationReadyEvent.class)
    void signIn() throws InterruptedException {
        try {
            this.authLine.coalesce(() -> this.session.renewIfStillCurrent(AccessToken.NONE))
                .get(SIGN_IN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            // Not fatal: the first request will be refused and log in through the same line.
            logger.warn("remote-auth: could not log in at startup, the first request will: {}", ex.toString());
        }
    }

    private CompletableFuture<Message> attempt(long id, int attempt) {
        AccessToken token = this.session.current();
        return this.remote.fetchMessage(id, token).thenCompose((reply) -> switch (reply.outcome()) {
            case DELIVERED -> CompletableFuture.completedFuture(reply.message());
            // The token expired. The first request here logs in again while the others wait for it;
            // a request that comes late finds the token replaced and logs in no more. Then all retry.
            // A request out of attempts renews too before it gives up: the expiry it met gets its login.
            case UNAUTHORIZED -> renew(token, attempt).thenCompose((renewed) -> retryOrGiveUp(id, attempt, reply));
            // The service is busy: try again later, and later still after each refusal.
            case UNAVAILABLE -> backOffUnlessLast(attempt).thenCompose((waited) -> retryOrGiveUp(id, attempt, reply));
        });
    }

    /**
     * Renews the login through the line. When a shared line could not reach its lock store
     * ({@link LineCoordinationException}), nobody logged in and the line is free again: that is as
     * passing as a 503, so the request backs off and tries again (an attempt like any other) rather than
     * fail together with every request that waited in the same attempt.
     */
    private CompletableFuture<Void> renew(AccessToken refused, int attempt) {
        return this.authLine.coalesce(() -> this.session.renewIfStillCurrent(refused))
            .exceptionallyCompose((failure) -> {
                Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
                        ? failure.getCause() : failure;
                if (cause instanceof LineCoordinationException) {
                    logger.debug("remote-auth: {}; backing off before trying again", cause.getMessage());
                    return backOffUnlessLast(attempt);
                }
                return CompletableFuture.failedFuture(cause);
            });
    }

    private CompletableFuture<Void> backOffUnlessLast(int attempt) {
        return (attempt < this.maxAttempts) ? this.backOff.pause(attempt) : CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Message> retryOrGiveUp(long id, int attempt, MessageReply refusal) {
        this.counters.refused(refusal.outcome());
        if (attempt < this.maxAttempts) {
            return attempt(id, attempt + 1);
        }
        return CompletableFuture.failedFuture(new RemoteServiceException("Message " + id + ": gave up after " + attempt
                + " attempts, the last one " + refusal.outcome().name().toLowerCase(Locale.ROOT)
                + "; raise example.client.max-attempts to keep trying longer"));
    }

}
