package io.github.operationqueue.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineHolder;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;
import io.github.operationqueue.autoconfigure.integration.LockRegistryLineCoordinator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aSharedLineAskedForAfterTheContextClosedFailsInsteadOfBecomingLocal() {
        this.contextRunner.withPropertyValues(PROPERTY + "=lineLocks").run((context) -> {
            SharedLineCoordinators shared = context.getBean(SharedLineCoordinators.class);
            context.close();

            assertThatThrownBy(() -> new Lines(shared).line("shared-login")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'shared-login'")
                .hasMessageContaining("closing");
        });
    }

    @Test
    void aRenewalPeriodTooLongForTheRegistrysTimeToLiveFailsTheStartWithTheNumbers() {
        this.contextRunner.withUserConfiguration(JdbcRegistryConfiguration.class)
            .withPropertyValues("operation-queue.lines.shared-login.lock-registry=jdbcLocks",
                    "operation-queue.lines.shared-login.renew-every=1s")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.lines.shared-login.renew-every")
                    .contains("renewing every 1000 ms")
                    .contains("time to live of 2000 ms");
                assertThat(analysis.getAction()).contains("at most 800 ms");
            });
    }

    @Test
    void theTuningPropertiesOfASharedLineReachItsCoordinator() {
        this.contextRunner.withUserConfiguration(JdbcRegistryConfiguration.class)
            .withPropertyValues("operation-queue.lines.shared-login.lock-registry=jdbcLocks",
                    "operation-queue.lines.shared-login.acquire-timeout=2s",
                    "operation-queue.lines.shared-login.renew-every=300ms",
                    "operation-queue.lines.shared-login.max-poll-interval=150ms",
                    "operation-queue.lines.shared-login.time-to-live=1s")
            .run((context) -> {
                LockRegistryLineCoordinator coordinator = coordinator(context, "shared-login");
                assertThat(coordinator.acquireTimeout()).isEqualTo(Duration.ofSeconds(2));
                assertThat(coordinator.renewEvery()).isEqualTo(Duration.ofMillis(300));
                assertThat(coordinator.maxPollInterval()).isEqualTo(Duration.ofMillis(150));
                assertThat(coordinator.timeToLive()).isEqualTo(Duration.ofSeconds(1));
            });
    }

    @Test
    void withoutARenewalPeriodASharedLineRenewsEveryThirdOfTheRegistrysTimeToLive() {
        this.contextRunner.withUserConfiguration(JdbcRegistryConfiguration.class)
            .withPropertyValues("operation-queue.lines.shared-login.lock-registry=jdbcLocks")
            .run((context) -> {
                LockRegistryLineCoordinator coordinator = coordinator(context, "shared-login");
                assertThat(coordinator.timeToLive()).as("read from the JdbcLockRegistry").isEqualTo(Duration.ofSeconds(2));
                assertThat(coordinator.renewEvery()).isEqualTo(Duration.ofSeconds(2).dividedBy(3));
                assertThat(coordinator.acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
                assertThat(coordinator.maxPollInterval()).isEqualTo(Duration.ofMillis(500));
            });
    }

    @ParameterizedTest(name = "{0}={1} fails the start naming the property")
    @CsvSource({ "acquire-timeout, 0s", "renew-every, -1s", "max-poll-interval, 0ms", "time-to-live, 0s" })
    void aTuningDurationThatIsNotPositiveFailsTheStartNamingTheProperty(String property, String value) {
        this.contextRunner.withUserConfiguration(JdbcRegistryConfiguration.class)
            .withPropertyValues("operation-queue.lines.shared-login.lock-registry=jdbcLocks",
                    "operation-queue.lines.shared-login." + property + "=" + value)
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.lines.shared-login." + property)
                    .contains("must be a positive duration");
            });
    }

    private static LockRegistryLineCoordinator coordinator(AssertableApplicationContext context, String line) {
        assertThat(context).hasNotFailed();
        return (LockRegistryLineCoordinator) context.getBean(SharedLineCoordinators.class).apply(line);
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
    static class JdbcRegistryConfiguration {

        @Bean
        JdbcLockRegistry jdbcLocks() {
            // Nothing connects: the registry is only built, never used.
            DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:never-used");
            return new JdbcLockRegistry(new DefaultLockRepository(dataSource), Duration.ofSeconds(2));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PlainConfiguration {

    }

}
