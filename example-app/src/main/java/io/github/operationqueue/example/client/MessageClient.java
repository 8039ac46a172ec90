package io.github.operationqueue.example.client;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.LineScoped;
import io.github.operationqueue.flow.RemoteBackOffException;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineCoordinationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Fetches messages from the remote API: each attempt is one operation of the queue {@code remote-service},
 * and a request is attempted again until it gets its message or runs out of attempts.
 *
 * <p>The queue's flow control and the client's retries each do their own part:
 * <ul>
 * <li>An attempt answered 503 or 429 fails its operation, so that the queue hears of it. With a
 * {@code Retry-After}, it fails with {@link RemoteBackOffException}: the queue starts no operation until
 * the quiet the remote asked for is over, and this request waits as long (never less than its own back-off,
 * and at most {@link RetryAfter#LONGEST_HONOURED}) before it tries again. Without,
 * it fails with {@link RemoteBusyException}, which the queue counts as overload
 * ({@link RemoteServiceOverload}) and so lowers its adaptive limit; this request alone waits with
 * exponential back-off and jitter ({@code example.client.*-back-off}), holding neither a thread nor a
 * runner, and tries again.</li>
 * <li>A 401 means the token expired: the request asks the line {@code remote-auth} to renew the login.
 * The first request to ask holds the line and logs in again, unless an earlier login already replaced the
 * refused token; every request that asks meanwhile waits for that holder. So however many requests meet
 * the same expired token, exactly one login is made for it. A login that fails fails every request that
 * waited for it, with the same exception; a shared line that could not reach its lock store is retried
 * like a 503.</li>
 * <li>No answer within {@code example.client.timeout} fails the attempt with a
 * {@link java.util.concurrent.TimeoutException}, which the queue counts as overload too; the request then
 * fails, untried again, so that a remote too slow to answer is not sent the same request once more.</li>
 * </ul>
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
        return attempt(id, 1, true).whenComplete((message, failure) -> {
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
        return attempt(id, 1, false);
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

    private CompletableFuture<Message> attempt(long id, int attempt, boolean throughTheQueue) {
        CompletableFuture<Answer> sent = throughTheQueue ? this.queue.<Answer>submit(() -> request(id)) : request(id);
        return sent.handle((answer, failure) -> (failure == null)
                ? delivered(id, attempt, answer.presented(), answer.reply(), throughTheQueue)
                : refused(id, attempt, unwrapped(failure), throughTheQueue))
            .thenCompose(Function.identity());
    }

    /**
     * One attempt, as one operation of the queue: a 503 or 429 fails it, so that the queue's flow control
     * hears of it; a 401 does not, for an expired login says nothing of the remote's room. The token is
     * read when the operation starts, not when it was queued: by then an earlier login may have replaced
     * it.
     */
    private CompletableFuture<Answer> request(long id) {
        AccessToken token = this.session.current();
        return this.remote.fetchMessage(id, token).thenApply((reply) -> {
            if (reply.outcome() != MessageReply.Outcome.UNAVAILABLE) {
                return new Answer(token, reply);
            }
            if (reply.retryAfter() != null) {
                throw new RemoteBackOffException(reply.retryAfter(), "Message " + id
                        + ": the remote API asked for " + reply.retryAfter().toSeconds() + " s of quiet (Retry-After)");
            }
            throw new RemoteBusyException("Message " + id + ": the remote API is busy (503 or 429 without Retry-After)");
        });
    }

    private CompletableFuture<Message> delivered(long id, int attempt, AccessToken token, MessageReply reply,
            boolean throughTheQueue) {
        if (reply.outcome() == MessageReply.Outcome.DELIVERED) {
            return CompletableFuture.completedFuture(reply.message());
        }
        // The token expired. The first request here logs in again while the others wait for it; a request
        // that comes late finds the token replaced and logs in no more. Then all retry. A request out of
        // attempts renews too before it gives up: the expiry it met gets its login.
        return renew(token, attempt)
            .thenCompose((renewed) -> retryOrGiveUp(id, attempt, reply.outcome(), throughTheQueue));
    }

    private CompletableFuture<Message> refused(long id, int attempt, Throwable failure, boolean throughTheQueue) {
        CompletableFuture<Void> wait;
        if (failure instanceof RemoteBackOffException backOffRequest) {
            // The queue starts nothing until the quiet is over; this request comes back when it is, and never
            // sooner than its own back-off (a Retry-After of 0 asks for none).
            wait = (attempt < this.maxAttempts)
                    ? BackOff.after(this.backOff.waitNanos(attempt, backOffRequest.quiet()))
                    : CompletableFuture.completedFuture(null);
        }
        else if (failure instanceof RemoteBusyException) {
            // The service is busy: try again later, and later still after each refusal.
            wait = backOffUnlessLast(attempt);
        }
        else {
            return CompletableFuture.failedFuture(failure);
        }
        return wait.thenCompose((waited) -> retryOrGiveUp(id, attempt, MessageReply.Outcome.UNAVAILABLE,
                throughTheQueue));
    }

    private static Throwable unwrapped(Throwable failure) {
        return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
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
                Throwable cause = unwrapped(failure);
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

    /** An attempt's reply, with the token it presented: the one to renew if it was refused. */
    private record Answer(AccessToken presented, MessageReply reply) {
    }

    private CompletableFuture<Message> retryOrGiveUp(long id, int attempt, MessageReply.Outcome refusal,
            boolean throughTheQueue) {
        this.counters.refused(refusal);
        if (attempt < this.maxAttempts) {
            return attempt(id, attempt + 1, throughTheQueue);
        }
        return CompletableFuture.failedFuture(new RemoteServiceException("Message " + id + ": gave up after " + attempt
                + " attempts, the last one " + refusal.name().toLowerCase(Locale.ROOT)
                + "; raise example.client.max-attempts to keep trying longer"));
    }

}
