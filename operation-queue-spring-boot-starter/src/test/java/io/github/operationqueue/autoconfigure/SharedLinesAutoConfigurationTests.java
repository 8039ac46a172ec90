package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineHolder;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code operation-queue.lines.<name>.lock-registry}: which lines become distributed, and the
 * failures that name the property when it cannot be honoured.
 */
class SharedLinesAutoConfigurationTests {

    private static final String PROPERTY = "operation-queue.lines.shared-login.lock-registry";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OperationQueueAutoConfiguration.class,
                SharedLinesAutoConfiguration.class))
        .withUserConfiguration(LockRegistryConfiguration.class);

    @Test
    void aLineWithALockRegistryIsDistributedAndTheOthersStayLocal() {
        this.contextRunner.withPropertyValues(PROPERTY + "=lineLocks", "operation-queue.lines.remote-auth.lock-registry=")
            .run((context) -> {
                Lines lines = context.getBean(Lines.class);
                Line shared = lines.get("shared-login");
                assertThat(shared.isDistributed()).isTrue();
                assertThat(lines.line("injected-later").isDistributed()).isFalse();
                AcquireOutcome outcome = shared.tryAcquireToken();
                assertThat(outcome).isInstanceOf(AcquireOutcome.Success.class);
                try (Token token = ((AcquireOutcome.Success) outcome).token()) {
                    assertThat(shared.holder()).isEqualTo(LineHolder.LOCAL);
                }
            });
    }

    @Test
    void withoutTheSettingEveryLineIsLocal() {
        this.contextRunner.withPropertyValues("operation-queue.lines.shared-login.lock-registry=")
            .run((context) -> assertThat(context.getBean(Lines.class).get("shared-login").isDistributed()).isFalse());
    }

    @Test
    void aLockRegistryBeanThatDoesNotExistFailsTheStartNamingTheProperty() {
        this.contextRunner.withPropertyValues(PROPERTY + "=missingLocks").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains(PROPERTY).contains("no bean named 'missingLocks'");
            assertThat(analysis.getAction()).contains("known LockRegistry beans: lineLocks");
        });
    }

    @Test
    void aBeanThatIsNoLockRegistryFailsTheStartNamingTheProperty() {
        this.contextRunner.withPropertyValues(PROPERTY + "=notALockRegistry").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains(PROPERTY).contains("not a LockRegistry");
        });
    }

    @Test
    void withoutSpringIntegrationASharedLineFailsTheStartSayingWhatToAdd() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(LockRegistry.class))
            .withUserConfiguration(PlainConfiguration.class)
            .withPropertyValues(PROPERTY + "=lineLocks")
            .run((context) -> assertThat(analyze(context).getAction()).contains("spring-integration-core"));
    }

    @Test
    void withoutSpringIntegrationLinesAreLocal() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OperationQueueAutoConfiguration.class,
                    SharedLinesAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(LockRegistry.class))
            .withPropertyValues("operation-queue.lines.shared-login.lock-registry=")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Lines.class).get("shared-login").isDistributed()).isFalse();
            });
    }

    private static FailureAnalysis analyze(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new OperationQueueFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class LockRegistryConfiguration {

        @Bean
        DefaultLockRegistry lineLocks() {
            return new DefaultLockRegistry();
        }

        @Bean
        String notALockRegistry() {
            return "not a lock registry";
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PlainConfiguration {

    }

}
