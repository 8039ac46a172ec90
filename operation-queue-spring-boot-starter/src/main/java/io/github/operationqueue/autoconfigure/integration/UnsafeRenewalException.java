package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;

/**
 * A {@link LockRegistryLineCoordinator} was configured to renew its lock too rarely for the lock's time
 * to live: a holder cut off from the store could not try a second renewal before its lease counts as
 * lost. Thrown by {@link LockRegistryLineCoordinator.Builder#build()}; the message gives the numbers.
 */
public class UnsafeRenewalException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The longest renewal period that is safe with the time to live. */
    private final Duration longestSafeRenewal;

    UnsafeRenewalException(String message, Duration longestSafeRenewal) {
        super(message);
        this.longestSafeRenewal = longestSafeRenewal;
    }

    /**
     * Returns the longest renewal period that is safe with the lock's time to live.
     *
     * @return the largest safe period
     */
    public Duration longestSafeRenewal() {
        return this.longestSafeRenewal;
    }

}
