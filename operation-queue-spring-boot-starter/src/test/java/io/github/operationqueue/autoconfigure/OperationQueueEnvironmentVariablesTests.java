package io.github.operationqueue.autoconfigure;

import java.util.Map;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.Lines;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queues and lines set from environment variables, which cannot spell a dash in the form Spring
 * Boot documents: the mistakes this invites fail the start with an analysis, and the forms that
 * work are the ones the README gives.
 */
class OperationQueueEnvironmentVariablesTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class));

    @Test
    void createsAQueueDefinedOnlyByEnvironmentVariables() {
        withEnvironment(Map.of("OPERATIONQUEUE_QUEUES_BILLING_RUNNERS", "3", "OPERATIONQUEUE_LINES_LOGIN", ""))
            .run((context) -> {
                assertThat(context.getBean(OperationQueues.class).get("billing").stats().runners()).isEqualTo(3);
                assertThat(context.getBean(Lines.class).names()).contains("login");
            });
    }

    @Test
    void reportsAQueueKeyThatDiffersFromAnotherOnlyByDashes() {
        withEnvironment(Map.of("OPERATIONQUEUE_QUEUES_REMOTESERVICE_RUNNERS", "5"))
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
                assertThat(analysis.getDescription()).contains("'remote-service'", "'remoteservice'",
                        "differ only by dashes", "systemEnvironment");
                assertThat(analysis.getAction()).contains("OPERATIONQUEUE_QUEUES_REMOTE-SERVICE_RUNNERS",
                        "SPRING_APPLICATION_JSON='{\"operation-queue\":{\"queues\":{\"remote-service\":{...}}}}'");
            });
    }

    @Test
    void reportsALineKeyThatDiffersFromAnotherOnlyByDashes() {
        withEnvironment(Map.of("OPERATIONQUEUE_LINES_REMOTEAUTH", ""))
            .withPropertyValues("operation-queue.lines.remote-auth=")
            .run((context) -> assertThat(OperationQueueFailureAnalyzerTests.analyze(context).getDescription())
                .contains("line keys", "'remote-auth'", "'remoteauth'"));
    }

    @Test
    void overridesADashedQueueFromAnEnvironmentVariableThatKeepsTheDash() {
        withEnvironment(Map.of("OPERATIONQUEUE_QUEUES_REMOTE-SERVICE_RUNNERS", "5"))
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                OperationQueues queues = context.getBean(OperationQueues.class);
                assertThat(queues.names()).containsExactly("remote-service");
                assertThat(queues.get("remote-service").stats().runners()).isEqualTo(5);
            });
    }

    private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return this.contextRunner.withInitializer((context) -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

}
