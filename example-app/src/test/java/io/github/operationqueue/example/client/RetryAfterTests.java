package io.github.operationqueue.example.client;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Retry-After} as RFC 9110 has it: whole seconds, or an HTTP date; anything else is no hint. */
@ExtendWith(OutputCaptureExtension.class)
class RetryAfterTests {

    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");

    @Test
    void wholeSecondsAreTheQuiet() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anHttpDateIsTheQuietUntilThen() {
        assertThat(RetryAfter.parse("Sun, 06 Dec 2026 21:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anHttpDateAlreadyPastAsksForNoQuiet() {
        assertThat(RetryAfter.parse("Sun, 06 Dec 2026 20:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aQuietLongerThanTheLongestHonouredIsCutToItAndLogged(CapturedOutput output) {
        assertThat(RetryAfter.parse("86400", NOW)).isEqualTo(RetryAfter.LONGEST_HONOURED);
        assertThat(RetryAfter.parse("9223372036854775807", NOW)).isEqualTo(RetryAfter.LONGEST_HONOURED);
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).isEqualTo(RetryAfter.LONGEST_HONOURED);
        assertThat(RetryAfter.parse("300", NOW)).isEqualTo(Duration.ofSeconds(300));

        assertThat(output).contains("remote-service: the remote API's Retry-After '86400' asks for PT24H of quiet; "
                + "honouring PT5M at most, so that one answer cannot stall the queue");
    }

    @Test
    void noHeaderIsNoHint(CapturedOutput output) {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("  ", NOW)).isNull();
        assertThat(output).doesNotContain("Retry-After");
    }

    @Test
    void garbageIsNoHintAndIsLoggedSayingWhatWasExpected(CapturedOutput output) {
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).isNull();

        assertThat(output).contains("remote-service: ignoring the remote API's Retry-After 'soon' (neither whole "
                + "seconds nor an HTTP date such as 'Sun, 06 Nov 1994 08:49:37 GMT')")
            .contains("Retry-After '-5'")
            .contains("Retry-After '99999999999999999999' (more seconds than can be counted)");
    }

}
