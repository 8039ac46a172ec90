package io.github.operationqueue.example.remote;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The stand-in's maintenance window, on a clock the test moves. */
class MaintenanceTests {

    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);

    private final Maintenance maintenance = new Maintenance(this.nanos::get);

    @Test
    void noWindowTurnsNothingAway() {
        assertThat(this.maintenance.turnAway()).isZero();
        assertThat(this.maintenance.status()).isEqualTo(new MaintenanceStatus(0, 0));
    }

    @Test
    void aRequestDuringTheWindowIsToldTheSecondsLeftRoundedUp() {
        this.maintenance.start(Duration.ofSeconds(3));
        assertThat(this.maintenance.turnAway()).isEqualTo(3);

        this.nanos.addAndGet(Duration.ofMillis(1_200).toNanos());
        assertThat(this.maintenance.turnAway()).as("1.8 s left").isEqualTo(2);

        this.nanos.addAndGet(Duration.ofMillis(1_799).toNanos());
        assertThat(this.maintenance.turnAway()).as("1 ms left").isEqualTo(1);

        this.nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(this.maintenance.turnAway()).as("the window is over").isZero();
        assertThat(this.maintenance.status()).isEqualTo(new MaintenanceStatus(0, 3));
    }

    @Test
    void aWindowOutOfRangeIsRefusedSayingWhatIsAllowed() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.maintenance.start(Duration.ZERO))
            .withMessage("A maintenance window must last from 1 second to 300 seconds, but was 0 seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> this.maintenance.start(Duration.ofSeconds(301)));
        assertThat(this.maintenance.turnAway()).isZero();
    }

}
