package io.github.operationqueue.example.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3): either whole seconds to wait or
 * the HTTP date to wait until. A value that is neither is no hint: it is logged, and the answer is then
 * treated as a 503 or 429 that says nothing of when to come back. A quiet longer than
 * {@link #LONGEST_HONOURED} is cut to it: the whole queue honours the quiet, so one answer asking for a
 * day (or a misconfigured remote) must not stall every request for that long.
 */
final class RetryAfter {

    /** Longest quiet honoured; as long as the stand-in's longest maintenance window. */
    static final Duration LONGEST_HONOURED = Duration.ofMinutes(5);

    private static final Logger logger = LoggerFactory.getLogger(RetryAfter.class);

    private RetryAfter() {
    }

    /**
     * Reads a {@code Retry-After} value.
     *
     * @param value the header's value, or {@code null} when the answer had none
     * @param now the time the answer arrived, against which an HTTP date is read
     * @return how long the remote asks for quiet (zero for a date already past, at most
     *         {@link #LONGEST_HONOURED}), or {@code null} when the answer gave no usable hint
     */
    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return honoured(value, Duration.ofSeconds(Long.parseLong(trimmed)));
            }
            catch (NumberFormatException ex) {
                return unusable(value, "more seconds than can be counted");
            }
        }
        try {
            Instant until = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return until.isAfter(now) ? honoured(value, Duration.between(now, until)) : Duration.ZERO;
        }
        catch (DateTimeParseException ex) {
            return unusable(value, "neither whole seconds nor an HTTP date such as 'Sun, 06 Nov 1994 08:49:37 GMT'");
        }
    }

    private static Duration honoured(String value, Duration asked) {
        if (asked.compareTo(LONGEST_HONOURED) <= 0) {
            return asked;
        }
        logger.warn("remote-service: the remote API's Retry-After '{}' asks for {} of quiet; honouring {} at most, "
                + "so that one answer cannot stall the queue", value, asked, LONGEST_HONOURED);
        return LONGEST_HONOURED;
    }

    private static Duration unusable(String value, String why) {
        logger.warn("remote-service: ignoring the remote API's Retry-After '{}' ({}); the answer counts as "
                + "busy without a hint, and the request backs off on its own", value, why);
        return null;
    }

}
