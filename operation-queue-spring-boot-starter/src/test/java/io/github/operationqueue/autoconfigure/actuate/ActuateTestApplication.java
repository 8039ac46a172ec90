package io.github.operationqueue.autoconfigure.actuate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.github.operationqueue.QueuedOperation;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application of the web integration tests: the starter, the actuator and Spring MVC, with
 * the queues and lines of each test's properties.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ActuateTestApplication {

    /** The secret that no endpoint, health body or log line may show. */
    static final String SECRET = "hunter2";

    /** An operation whose text holds a secret, as an operation carrying credentials might. */
    static final class SecretOperation implements QueuedOperation {

        @Override
        public CompletionStage<?> perform() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String toString() {
            return "SecretOperation[user=admin, password=" + SECRET + "]";
        }

    }

}
