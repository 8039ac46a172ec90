package io.github.operationqueue.line;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of a line's activity, as returned by {@link Line#stats()}.
 *
 * <p>The fields are read one after another without a lock, so a snapshot taken while other threads
 * use the line need not match any single instant: for example {@code busy} may be {@code true} while
 * {@code waiters} already leaves out futures that a release under way has completed. Each field on its
 * own is up to date when it is read; counters never go backwards.
 *
 * @param name the line's name
 * @param busy whether the line's token was held
 * @param acquiredCount how many calls to {@link Line#tryAcquireToken()} acquired the token
 * @param busyCount how many calls to {@link Line#tryAcquireToken()} found the line busy
 * @param waiters how many futures handed out for the current acquisition (by a failed acquire or a busy
 *                status) are not yet completed or cancelled; {@code 0} when the line is free
 * @param lastHold how long the most recently released token was held; {@link Duration#ZERO} if none was
 */
public record LineStats(String name, boolean busy, long acquiredCount, long busyCount, int waiters,
        Duration lastHold) {

    /**
     * Creates a snapshot.
     *
     * @param name the line's name
     * @param busy whether the line's token was held
     * @param acquiredCount how many acquisitions succeeded
     * @param busyCount how many acquisitions found the line busy
     * @param waiters the number of pending waiter futures for the current acquisition
     * @param lastHold the hold time of the last released token
     * @throws NullPointerException if {@code name} or {@code lastHold} is {@code null}
     */
    public LineStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastHold, "lastHold");
    }
}
