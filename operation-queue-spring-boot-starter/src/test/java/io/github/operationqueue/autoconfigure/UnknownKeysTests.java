package io.github.operationqueue.autoconfigure;

import java.util.Map;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.integration.support.locks.DefaultLockRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key under a queue or a line that the starter does not know fails the start, naming the key
 * and the keys it knows; and a line that is shared says so once at startup. A line set only from
 * an environment variable, which cannot spell the dash of its name, either works or fails the
 * start saying how to spell it.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownKeysTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                SharedLinesAutoConfiguration.class, OperationQueueAutoConfiguration.class))
        .withUserConfiguration(LockRegistryConfiguration.class);

    @Test
    void failsOnAMisspelledKeyUnderALine() {
        this.contextRunner.withPropertyValues("operation-queue.lines.remote-login.lock-registery=lineLocks")
            .run((context) -> {
                FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
                assertThat(analysis.getDescription())
                    .contains("operation-queue.lines.remote-login.lock-registery")
                    .contains("unknown key 'lock-registery'");
                assertThat(analysis.getAction()).contains("lock-registry");
            });
    }

    @Test
    void failsOnAMisspelledKeyUnderAQueue() {
        this.contextRunner.withPropertyValues("operation-queue.queues.mailer.runnerz=3").run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription()).contains("operation-queue.queues.mailer.runnerz")
                .contains("unknown key 'runnerz'");
            assertThat(analysis.getAction()).contains("runners", "capacity", "drain-timeout");
        });
    }

    @Test
    void failsOnAMisspelledKeyUnderTheDefaults() {
        this.contextRunner.withPropertyValues("operation-queue.defaults.capacty=3").run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription()).contains("operation-queue.defaults.capacty");
            assertThat(analysis.getAction()).contains("capacity");
        });
    }

    @Test
    void sharesALineSetFromAnEnvironmentVariableWithoutDashesInTheKey() {
        withEnvironment(Map.of("OPERATIONQUEUE_LINES_REMOTELOGIN_LOCKREGISTRY", "lineLocks")).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Lines.class).get("remotelogin").isDistributed()).isTrue();
        });
    }

    @Test
    void failsWhenAnEnvironmentVariableConfiguresTheUndashedSpellingOfALineTheApplicationUses() {
        withEnvironment(Map.of("OPERATIONQUEUE_LINES_REMOTELOGIN_LOCKREGISTRY", "lineLocks"))
            .withUserConfiguration(RemoteLoginUser.class)
            .run((context) -> {
                FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.lines.remotelogin")
                    .contains("'remote-login'");
                assertThat(analysis.getAction()).contains("OPERATIONQUEUE_LINES_REMOTE-LOGIN_LOCKREGISTRY")
                    .contains("SPRING_APPLICATION_JSON");
            });
    }

    @Test
    void logsEachSharedLineOnceAtStartupWithItsRegistry(CapturedOutput output) {
        this.contextRunner
            .withPropertyValues("operation-queue.lines.remote-login.lock-registry=lineLocks",
                    "operation-queue.lines.local-only=")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                String line = "remote-login: shared with the other instances through the lock registry 'lineLocks'";
                assertThat(output.getOut().split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
                assertThat(output).doesNotContain("local-only: shared");
            });
    }

    @Test
    void acceptsEveryKnownKey() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.mailer.runners=2", "operation-queue.queues.mailer.capacity=3",
                    "operation-queue.queues.mailer.auto-start=true", "operation-queue.queues.mailer.drain-timeout=1s",
                    "operation-queue.queues.mailer.budget=8", "operation-queue.queues.mailer.enabled=true",
                    "operation-queue.queues.mailer.executor=applicationTaskExecutor",
                    "operation-queue.lines.remote-login.lock-registry=lineLocks")
            .run((context) -> assertThat(context.getBean(OperationQueues.class).names()).containsExactly("mailer"));
    }

    private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return this.contextRunner.withInitializer((context) -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @Configuration(proxyBeanMethods = false)
    static class LockRegistryConfiguration {

        @Bean
        DefaultLockRegistry lineLocks() {
            return new DefaultLockRegistry();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class RemoteLoginUser {

        @Bean
        Object remoteLoginUser(@LineScoped("remote-login") Line line) {
            return line;
        }

    }

}
