package io.github.operationqueue.autoconfigure.actuate;

import io.github.operationqueue.FlowControlStats;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code operationqueues} endpoint shows of a queue's flow control.
 *
 * @param algorithm the limit's algorithm ({@code fixed}, {@code bbr}, {@code gradient2}, {@code vegas},
 *        {@code aimd}); {@code none} for a queue without a limit
 * @param limit runners allowed to perform an operation now
 * @param inFlight operations in flight under the limit (for a queue without one, runners performing)
 * @param rate the start rate, such as {@code 50/s (burst 1)}, or {@code null}
 * @param permitsReserved rate permits reserved, one per start
 * @param permitWaitMillis time runners waited for those permits, in total, in milliseconds
 * @param quietRemainingMillis what is left of the quiet a remote asked for, in milliseconds; 0 for none
 */
public record FlowControlDescriptor(String algorithm, int limit, int inFlight, @Nullable String rate,
        long permitsReserved, long permitWaitMillis, long quietRemainingMillis) {

    /**
     * Describes a snapshot of a queue's flow control.
     *
     * @param stats the snapshot
     * @return the descriptor
     */
    public static FlowControlDescriptor of(FlowControlStats stats) {
        return new FlowControlDescriptor(stats.algorithm(), stats.limit(), stats.inFlight(), stats.rate(),
                stats.permitsReserved(), stats.permitWaitTotal().toMillis(), stats.quietRemaining().toMillis());
    }
}
