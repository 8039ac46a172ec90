package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;

/** A started {@link SingleFlightGate}: one holder at a time, everyone else waits for its release. */
interface Gate {

    /**
     * Tries to become the holder; never blocks.
     *
     * @return {@code null} if the caller is now the holder, otherwise a future that completes when the
     *         current holder releases
     */
    CompletableFuture<Void> acquireOrWait();

    /** Releases the gate on behalf of its current holder. */
    void releaseHolder();
}
