package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;

/** An enqueue waiting for room in a full queue; its operation is not accepted yet. */
final class RoomWaiter {

    final Object entry;

    final CompletableFuture<Void> accepted = new CompletableFuture<>();

    RoomWaiter(Object entry) {
        this.entry = entry;
    }
}
