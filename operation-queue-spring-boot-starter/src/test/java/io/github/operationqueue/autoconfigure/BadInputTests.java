package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.actuate.OperationQueuesEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter rows of the README's "What you do wrong and what you get" table that no other test covers:
 * configuration values that are not of their type, and runners added through the endpoint to a stopped
 * queue. (The other rows name their tests in the README.)
 */
class BadInputTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class));

    @Test
    void aRunnerCountThatIsNotANumberFailsStartupNamingThePropertyAndTheValue() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.runners=two")
            .run((context) -> {
                assertThat(bindFailure(context.getStartupFailure()))
                    .hasMessageContaining("operation-queue.queues.remote-service.runners");
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("\"two\"");
            });
    }

    @Test
    void aDrainTimeoutThatIsNotADurationFailsStartupNamingThePropertyAndTheValue() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.drain-timeout=soon")
            .run((context) -> {
                assertThat(bindFailure(context.getStartupFailure()))
                    .hasMessageContaining("operation-queue.queues.remote-service.drain-timeout");
                assertThat(context.getStartupFailure()).rootCause().hasMessage("'soon' is not a valid duration");
            });
    }

    /** The {@link BindException} in the startup failure's chain, however the bean creation wraps it. */
    private static BindException bindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        throw new AssertionError("No BindException in the startup failure", failure);
    }

    @Test
    void runnersAddedThroughTheEndpointToAStoppedQueueAreRefusedWithTheReason() {
        OperationQueue queue = OperationQueue.builder().name("remote-service").executor(Runnable::run).build();
        OperationQueues queues = new OperationQueues();
        queues.register(queue);
        queue.stop();
        OperationQueuesEndpoint endpoint = new OperationQueuesEndpoint(queues, null);
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> endpoint.control("remote-service", OperationQueuesEndpoint.ADD_RUNNERS, 2))
            .withMessage("Queue 'remote-service' is stopped; runners cannot be added");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> endpoint.control("remote-service", OperationQueuesEndpoint.ADD_RUNNERS, -3, null))
            .withMessage("Action add-runners needs \"runners\": 1 or more, was -3");
    }
}
