package io.github.operationqueue;

import java.time.Duration;

/**
 * A snapshot of a queue's flow control: its concurrency limit, its start rate and the quiet a remote
 * asked for. Each value is read on its own, so on a busy queue they may be a moment apart.
 *
 * @param algorithm the limit's algorithm ({@code fixed}, {@code gradient2}, ...); {@code none} for a queue
 *        built without a limit, which lets every runner perform
 * @param limit runners allowed to perform an operation now: the limit, at most the runners that have not
 *        stopped; for a queue without a limit, those runners
 * @param inFlight operations started under the limit and not finished; for a queue without a limit, the
 *        runners performing an operation now
 * @param rate the start rate, such as {@code 50/s (burst 1)}, or {@code null} for a queue without one
 * @param permitsReserved rate permits reserved since the queue was built, one per start
 * @param permitWaitTotal the time runners waited for those permits, in total
 * @param quietRemaining the quiet a remote asked for that is left; zero when there is none
 */
public record FlowControlStats(String algorithm, int limit, int inFlight, String rate, long permitsReserved,
        Duration permitWaitTotal, Duration quietRemaining) {
}
