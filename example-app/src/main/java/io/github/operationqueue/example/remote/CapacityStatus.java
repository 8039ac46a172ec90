package io.github.operationqueue.example.remote;

/**
 * What the stand-in's capacity is doing ({@code GET /remote/capacity}).
 *
 * @param capacity message requests served at once ({@code K})
 * @param served requests being served now
 * @param waiting requests waiting for a slot now
 * @param refused requests answered 503 at once since startup because {@code K} were already waiting
 */
record CapacityStatus(int capacity, int served, int waiting, long refused) {
}
