package io.github.operationqueue.reliability;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How hard the reliability tests push, read from the system properties that the parent POM sets:
 * {@code reliability.scale} (1 in the default build, 12 under {@code -Preliability}) multiplies durations
 * and efforts, and {@code reliability.seed} replays a logged run.
 */
public final class Reliability {

    private static final Logger logger = LoggerFactory.getLogger(Reliability.class);

    private Reliability() {
    }

    /** Returns the scale factor: 1 by default, larger under {@code -Preliability}. */
    public static int scale() {
        String value = System.getProperty("reliability.scale", "");
        return value.isBlank() ? 1 : Math.max(1, Integer.parseInt(value.trim()));
    }

    /** Returns whether the full set runs ({@code -Preliability}). */
    public static boolean isFull() {
        return scale() > 1;
    }

    /** Returns {@code base} multiplied by the scale. */
    public static Duration scaled(Duration base) {
        return base.multipliedBy(scale());
    }

    /**
     * Returns the seed for {@code test}: {@code reliability.seed} if set, otherwise a fresh one; logs it
     * either way, with the property that replays it.
     */
    public static long seed(String test) {
        String value = System.getProperty("reliability.seed", "");
        long seed = value.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(value.trim());
        logger.info("{}: seed {} (replay with -Dreliability.seed={})", test, seed, seed);
        return seed;
    }
}
