package io.github.operationqueue.example.client;

/**
 * What one attempt to fetch a message got back.
 *
 * @param outcome how the remote API answered
 * @param message the message when {@code outcome} is {@link Outcome#DELIVERED}, otherwise {@code null}
 */
record MessageReply(Outcome outcome, Message message) {

    static MessageReply delivered(Message message) {
        return new MessageReply(Outcome.DELIVERED, message);
    }

    static MessageReply of(Outcome outcome) {
        return new MessageReply(outcome, null);
    }

    /** The answers the client knows how to handle. */
    enum Outcome {

        /** 200: the message. */
        DELIVERED,

        /** 401: the token expired or is unknown; log in again, then retry. */
        UNAUTHORIZED,

        /** 503: the service is busy; retry after a back-off. */
        UNAVAILABLE

    }

}
