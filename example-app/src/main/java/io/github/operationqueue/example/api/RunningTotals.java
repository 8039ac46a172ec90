package io.github.operationqueue.example.api;

/**
 * Counters since startup, from both sides of the wire ({@code GET /api/stats}).
 *
 * @param requests messages the client requested
 * @param succeeded requests that got their message
 * @param failed requests that gave up
 * @param startupLogins logins the client made with no token to replace: the one at startup (or the first
 *                      request's, if that one failed)
 * @param logins the other login requests the remote API received: logins for expired tokens, one per
 *               expiry, so equal to {@code tokenExpiries} whenever no request is waiting for a login
 * @param tokenExpiries expired tokens the remote API met: tokens some request presented after they expired
 * @param unauthorizedReplies attempts refused with 401 (retried after the login was renewed)
 * @param unavailableReplies attempts refused with 503 (retried after a back-off)
 * @param loginsWhileValid logins the remote API received while an earlier token was still valid: 0 while
 *        every instance shares one login
 */
public record RunningTotals(long requests, long succeeded, long failed, long startupLogins, long logins,
        long tokenExpiries, long unauthorizedReplies, long unavailableReplies, long loginsWhileValid) {
}
