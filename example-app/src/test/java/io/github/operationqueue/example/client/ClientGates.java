package io.github.operationqueue.example.client;

import java.util.concurrent.CompletableFuture;

/** For tests in other packages: the client's requests without the queue, to gate them otherwise. */
public final class ClientGates {

    private ClientGates() {
    }

    /**
     * Fetches one message with the client's attempts, logins and back-offs, outside its queue.
     *
     * @param client the client
     * @param id the message's id
     * @return a future that completes with the message, or fails once the request gave up
     */
    public static CompletableFuture<Message> fetchOutsideTheQueue(MessageClient client, long id) {
        return client.fetchOutsideTheQueue(id);
    }

}
