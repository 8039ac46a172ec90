package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;

/** An enqueue waiting for room in a full queue; its operation is not accepted yet. */
final class RoomWaiter {

    final Object entry;

    final CompletableFuture<Void> accepted = new CompletableFuture<>();

    // How many entries the offer that made this waiter published (waiters it admitted, itself
    // included if there was room by then); written and read by the offering thread only.
    int publishedOnOffer;

    RoomWaiter(Object entry) {
        this.entry = entry;
    }
}
