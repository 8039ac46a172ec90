package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;

/** An enqueue waiting for room in a full queue; its operation is not accepted yet. */
final class RoomWaiter {

    final QueuedEntry entry;

    final CompletableFuture<Void> accepted = new CompletableFuture<>();

    RoomWaiter(QueuedEntry entry) {
        this.entry = entry;
    }
}
