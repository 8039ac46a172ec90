package io.github.operationqueue.example.client;

import java.time.Duration;

/**
 * What one attempt to fetch a message got back.
 *
 * @param outcome how the remote API answered
 * @param message the message when {@code outcome} is {@link Outcome#DELIVERED}, otherwise {@code null}
 * @param retryAfter when {@code outcome} is {@link Outcome#UNAVAILABLE}, how long the remote asked for quiet
 *        ({@code Retry-After}); {@code null} when it did not say, and for the other outcomes
 */
record MessageReply(Outcome outcome, Message message, Duration retryAfter) {

    static MessageReply delivered(Message message) {
        return new MessageReply(Outcome.DELIVERED, message, null);
    }

    static MessageReply unauthorized() {
        return new MessageReply(Outcome.UNAUTHORIZED, null, null);
    }

    static MessageReply unavailable(Duration retryAfter) {
        return new MessageReply(Outcome.UNAVAILABLE, null, retryAfter);
    }

    /** The answers the client knows how to handle. */
    enum Outcome {

        /** 200: the message. */
        DELIVERED,

        /** 401: the token expired or is unknown; log in again, then retry. */
        UNAUTHORIZED,

        /** 503 or 429: the service is busy, or asks for quiet for a while ({@code Retry-After}); retry later. */
        UNAVAILABLE

    }

}
