package io.github.operationqueue.example.client;

/**
 * The client's counters since startup.
 *
 * @param requests messages requested
 * @param succeeded requests that got their message
 * @param failed requests that gave up
 * @param unauthorizedReplies attempts refused with 401 (retried after the login was renewed)
 * @param unavailableReplies attempts refused with 503 (retried after a back-off)
 * @param startupLogins logins made while the client had no token yet: the one at startup (or the first
 *                      request's, if that one failed); every other login replaced an expired token
 */
public record ClientTotals(long requests, long succeeded, long failed, long unauthorizedReplies,
        long unavailableReplies, long startupLogins) {
}
