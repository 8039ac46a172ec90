package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineListener;
import io.github.operationqueue.line.Token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the lease-loss tests observe of two instances of one shared line: when the holder was told
 * that its lease is lost, and when the other instance first acquired the line.
 */
final class LeaseWatch {

    private final CompletableFuture<Long> lostAtNanos = new CompletableFuture<>();

    LeaseWatch(Line holder) {
        holder.addListener(new LineListener() {
            @Override
            public void leaseLost(Line line, Exception reason) {
                LeaseWatch.this.lostAtNanos.complete(System.nanoTime());
            }
        });
    }

    static Token acquire(Line line) {
        AcquireOutcome outcome = line.tryAcquireToken();
        assertThat(outcome).isInstanceOf(AcquireOutcome.Success.class);
        return ((AcquireOutcome.Success) outcome).token();
    }

    boolean reported() {
        return this.lostAtNanos.isDone();
    }

    long lostAtNanos() {
        return this.lostAtNanos.join();
    }

    /**
     * Tries {@code other} until it acquires the line (a failure to reach the store counts as not yet),
     * and returns when that was; the token is closed at once.
     */
    static long firstAcquisitionNanos(Line other, Duration atMost) {
        long[] acquiredAt = new long[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
            if (other.tryAcquireToken() instanceof AcquireOutcome.Success success) {
                acquiredAt[0] = System.nanoTime();
                success.token().close();
                return true;
            }
            return false;
        });
        return acquiredAt[0];
    }

    static String millis(long nanos) {
        return (nanos / 1_000_000) + " ms";
    }

}
