package io.github.operationqueue.example.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackOffTests {

    private final BackOff backOff = new BackOff(Duration.ofMillis(20), Duration.ofMillis(500));

    @Test
    void waitsBetweenHalfAndAllOfADoublingCeiling() {
        long[] ceilingsMillis = { 20, 40, 80, 160, 320, 500, 500 };
        for (int attempt = 1; attempt <= ceilingsMillis.length; attempt++) {
            long ceiling = Duration.ofMillis(ceilingsMillis[attempt - 1]).toNanos();
            for (int draw = 0; draw < 1_000; draw++) {
                assertThat(this.backOff.waitNanos(attempt)).as("attempt %d", attempt)
                    .isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void neverWaitsLongerThanTheMaximumHoweverManyAttempts() {
        for (int attempt : new int[] { 30, 63, 64, 65, Integer.MAX_VALUE }) {
            assertThat(this.backOff.waitNanos(attempt)).as("attempt %d", attempt)
                .isBetween(Duration.ofMillis(250).toNanos(), Duration.ofMillis(500).toNanos());
        }
    }

    @Test
    void aRetryAfterOfZeroOrADatePastWaitsTheBackOffAndALongerOneWaitsItsOwnLength() {
        for (int draw = 0; draw < 1_000; draw++) {
            assertThat(this.backOff.waitNanos(1, Duration.ZERO)).as("Retry-After: 0, after attempt 1")
                .isBetween(Duration.ofMillis(10).toNanos(), Duration.ofMillis(20).toNanos());
            assertThat(this.backOff.waitNanos(7, Duration.ofMillis(1))).as("a hint shorter than the back-off")
                .isBetween(Duration.ofMillis(250).toNanos(), Duration.ofMillis(500).toNanos());
        }
        assertThat(this.backOff.waitNanos(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3).toNanos());
    }

    @Test
    void aPauseCompletesAfterItsWait() {
        BackOff quick = new BackOff(Duration.ofMillis(1), Duration.ofMillis(1));

        assertThat(quick.pause(1)).succeedsWithin(Duration.ofSeconds(10));
    }

}
