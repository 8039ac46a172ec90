package io.github.operationqueue.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.github.operationqueue.OperationQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class OperationQueueFailureAnalyzerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class));

    @Test
    void reportsAQueueWithFewerThanOneRunner() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.runners=0").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription())
                .contains("Invalid value '0' for configuration property 'operation-queue.queues.remote-service.runners'")
                .contains("at least 1");
            assertThat(analysis.getAction()).contains("Review the value of the property");
            assertThat(analysis.getDescription())
                .contains("Set operation-queue.queues.remote-service.runners to 1 or more");
        });
    }

    @Test
    void reportsDefaultsWithFewerThanOneRunner() {
        this.contextRunner.withPropertyValues("operation-queue.defaults.runners=-2").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription())
                .contains("Invalid value '-2' for configuration property 'operation-queue.defaults.runners'");
            assertThat(analysis.getDescription()).contains("Set operation-queue.defaults.runners to 1 or more");
        });
    }

    @Test
    void reportsANegativeCapacity() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.capacity=-1").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains("operation-queue.queues.remote-service.capacity")
                .contains("must not be negative");
            assertThat(analysis.getDescription())
                .contains("Set operation-queue.queues.remote-service.capacity to 0 for an unbounded queue");
        });
    }

    @Test
    void reportsABudgetBelowOne() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.budget=0").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription())
                .contains("Invalid value '0' for configuration property 'operation-queue.queues.remote-service.budget'")
                .contains("must be at least 1");
            assertThat(analysis.getDescription()).contains("Set operation-queue.queues.remote-service.budget to");
        });
    }

    @Test
    void reportsANegativeDrainTimeout() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.drain-timeout=-1s")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.queues.remote-service.drain-timeout");
                assertThat(analysis.getDescription())
                    .contains("Set operation-queue.queues.remote-service.drain-timeout to how long shutdown may wait");
            });
    }

    @Test
    void reportsANegativeDefaultDrainTimeoutAtTheDefaultsProperty() {
        this.contextRunner
            .withPropertyValues("operation-queue.defaults.drain-timeout=-5s", "operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.defaults.drain-timeout")
                    .doesNotContain("operation-queue.queues.remote-service.drain-timeout");
                assertThat(analysis.getDescription())
                    .contains("Set operation-queue.defaults.drain-timeout to how long shutdown may wait");
            });
    }

    @Test
    void reportsAnExecutorBeanThatDoesNotExistAndListsTheCandidates() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.executor=remoteExecutor")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.queues.remote-service.executor")
                    .contains("'remoteExecutor'")
                    .contains("no such bean");
                assertThat(analysis.getDescription())
                    .contains("Set operation-queue.queues.remote-service.executor to the name of an Executor bean")
                    .contains("applicationTaskExecutor");
            });
    }

    @Test
    void reportsAMissingDefaultExecutorAgainstTheDefaultsProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperationQueueAutoConfiguration.class))
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("'operation-queue.defaults.executor'")
                    .contains("queue 'remote-service' names no executor")
                    .contains("no TaskExecutor bean");
                assertThat(analysis.getAction()).contains("operation-queue.queues.remote-service.executor")
                    .contains("spring.task.execution.mode=force");
            });
    }

    @Test
    void reportsAnExecutorBeanThatIsNotAnExecutor() {
        this.contextRunner.withUserConfiguration(NotAnExecutorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.executor=remoteExecutor")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.queues.remote-service.executor")
                    .contains("java.lang.String")
                    .contains("does not implement " + Executor.class.getName());
                assertThat(analysis.getDescription())
                    .contains("Set operation-queue.queues.remote-service.executor to the name of an Executor bean")
                    .contains("applicationTaskExecutor");
            });
    }

    @Test
    void reportsAQueueNameThatIsNotKebabCase() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote_service.runners=1").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains("operation-queue.queues.remote_service")
                .contains("not kebab-case");
            assertThat(analysis.getAction()).contains("Rename the queue").contains("'remote-service'");
        });
    }

    @Test
    void reportsACamelCaseQueueName() {
        this.contextRunner.withPropertyValues("operation-queue.queues.dataSource.runners=1").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains("operation-queue.queues.dataSource")
                .contains("not kebab-case");
            assertThat(analysis.getAction()).contains("'data-source'");
        });
    }

    @Test
    void reportsALineNameThatIsNotKebabCase() {
        this.contextRunner.withPropertyValues("operation-queue.lines.remote_auth=").run((context) -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription()).contains("operation-queue.lines.remote_auth")
                .contains("line name");
            assertThat(analysis.getAction()).contains("Rename the line").contains("'remote-auth'");
        });
    }

    @Test
    void reportsAConfiguredQueueWithTheNameOfAnApplicationQueue() {
        this.contextRunner.withUserConfiguration(SameNameQueueConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context);
                assertThat(analysis.getDescription()).contains("operation-queue.queues.remote-service")
                    .contains("two operation queues are named 'remote-service'")
                    .contains("'ownRemoteService'")
                    .contains("'operationQueue.remote-service'");
                assertThat(analysis.getAction()).contains("Give each queue its own name");
            });
    }

    @Test
    void isRegisteredSoThatSpringBootReportsTheAnalysis(CapturedOutput output) {
        SpringApplication application = new SpringApplication(EmptyApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("spring.config.name", "bad-runners"));
        assertThatException().isThrownBy(application::run);
        assertThat(output).contains("Invalid value '0' for configuration property "
                + "'operation-queue.queues.remote-service.runners' (originating from "
                + "'class path resource [bad-runners.yml] - 4:16')")
            .contains("Set operation-queue.queues.remote-service.runners to 1 or more");
    }

    @Test
    void autoConfigurationIsListedInTheImportsFile() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
            .contains(OperationQueueAutoConfiguration.class.getName());
    }

    /**
     * Analyzes the startup failure of {@code context} as Spring Boot does: with every failure
     * analyzer of {@code spring.factories}, Boot's own included, the first analysis winning.
     */
    static FailureAnalysis analyze(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        // A failed context gives no environment; the origins are checked on a whole application below.
        ArgumentResolver arguments = ArgumentResolver.of(Environment.class, new StandardEnvironment())
            .and(BeanFactory.class, new DefaultListableBeanFactory());
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
            .load(FailureAnalyzer.class, arguments, FailureHandler.handleMessage((message, failure) -> {
                // An analyzer that needs more than these arguments has nothing to say here.
            }));
        FailureAnalysis analysis = analyzers.stream()
            .map((analyzer) -> analyzer.analyze(context.getStartupFailure()))
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
        assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class SameNameQueueConfiguration {

        @Bean
        OperationQueue ownRemoteService() {
            return OperationQueue.builder().name("remote-service").executor(Runnable::run).build();
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EmptyApplication {

    }

    @Configuration(proxyBeanMethods = false)
    static class NotAnExecutorConfiguration {

        @Bean
        String remoteExecutor() {
            return "not an executor";
        }

    }

}
