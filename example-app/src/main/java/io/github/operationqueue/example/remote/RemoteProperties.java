package io.github.operationqueue.example.remote;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the stand-in remote API behaves.
 *
 * @param tokenLifetime how long an issued token is accepted
 * @param minLatency shortest time before a message request is answered
 * @param maxLatency longest time before a message request is answered
 * @param unavailableRate share of message requests answered with 503, between 0 and 1
 * @param capacity message requests served at once, at least 1: as many more wait for their turn (their
 *                 latency grows), and beyond twice this many a request is answered 503 at once; changeable
 *                 at run time with {@code POST /remote/capacity?k=N}
 */
@ConfigurationProperties("example.remote")
public record RemoteProperties(@DefaultValue("3s") Duration tokenLifetime, @DefaultValue("5ms") Duration minLatency,
        @DefaultValue("40ms") Duration maxLatency, @DefaultValue("0.02") double unavailableRate,
        @DefaultValue("30") int capacity) {

    public RemoteProperties {
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException(
                    "example.remote.token-lifetime must be positive, but was " + tokenLifetime);
        }
        if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException("example.remote.min-latency (" + minLatency
                    + ") must not be negative or above example.remote.max-latency (" + maxLatency + ")");
        }
        if (unavailableRate < 0 || unavailableRate >= 1) {
            throw new IllegalArgumentException(
                    "example.remote.unavailable-rate must be at least 0 and below 1, but was " + unavailableRate);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("example.remote.capacity must be at least 1 (requests served at "
                    + "once), but was " + capacity);
        }
    }

}
