package io.github.operationqueue.example.api;

/**
 * How a burst went ({@code POST /api/burst}). The remote-side counts are those received while the
 * burst ran, so bursts that overlap share them.
 *
 * @param requests messages requested
 * @param succeeded requests that got their message
 * @param failed requests that gave up
 * @param logins logins for expired tokens during the burst (as {@link RunningTotals#logins()})
 * @param tokenExpiries expired tokens the remote API met during the burst; equal to {@code logins}
 *                      when the line coalesced every re-login
 * @param unauthorizedReplies attempts refused with 401 during the burst
 * @param unavailableReplies attempts refused with 503 during the burst
 * @param millis from the first request enqueued to the last one finished
 */
public record BurstResult(int requests, long succeeded, long failed, long logins, long tokenExpiries,
        long unauthorizedReplies, long unavailableReplies, long millis) {
}
