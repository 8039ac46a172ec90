package io.github.operationqueue.example.client;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the client talks to the remote API.
 *
 * @param baseUri the remote API's address; unset for the stand-in served by this application
 * @param maxAttempts most attempts per request (401 and 503 answers are retried) before it fails
 * @param firstBackOff wait before the first retry after a 503; each further retry waits twice as long
 * @param maxBackOff longest wait between retries after a 503
 * @param timeout longest wait for one HTTP answer
 * @param connections most HTTP connections to the remote API; a request beyond them waits for one, so keep
 *                    it at least the queue {@code remote-service}'s runners
 */
@ConfigurationProperties("example.client")
public record ClientProperties(URI baseUri, @DefaultValue("10") int maxAttempts,
        @DefaultValue("20ms") Duration firstBackOff, @DefaultValue("500ms") Duration maxBackOff,
        @DefaultValue("10s") Duration timeout, @DefaultValue("100") int connections) {

    public ClientProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "example.client.max-attempts must be at least 1, but was " + maxAttempts);
        }
        if (connections < 1) {
            throw new IllegalArgumentException(
                    "example.client.connections must be at least 1, but was " + connections);
        }
        if (firstBackOff.isNegative() || maxBackOff.compareTo(firstBackOff) < 0) {
            throw new IllegalArgumentException("example.client.first-back-off (" + firstBackOff
                    + ") must not be negative or above example.client.max-back-off (" + maxBackOff + ")");
        }
    }

}
