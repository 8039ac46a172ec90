package io.github.operationqueue.autoconfigure;

import java.time.Duration;

import io.github.operationqueue.OperationQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which executor a queue runs on when none is named: the one Spring would use for
 * {@code @Async}, chosen the same way.
 */
@Timeout(60)
class DefaultExecutorTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.mailer.runners=2");

    @Test
    void runsOnTheApplicationsOwnTaskExecutorWhenItIsTheOnlyOne() {
        this.contextRunner.withUserConfiguration(MyPoolConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("applicationTaskExecutor");
            assertThat(threadOf(context.getBean(OperationQueue.class))).startsWith("my-pool-");
        });
    }

    @Test
    void runsOnTheApplicationTaskExecutorWhenTheApplicationHasNoExecutor() {
        this.contextRunner.run((context) -> assertThat(threadOf(context.getBean(OperationQueue.class)))
            .startsWith("task-"));
    }

    @Test
    void runsOnTheApplicationTaskExecutorWhenSpringBootIsToldToCreateItNextToOthers() {
        this.contextRunner.withUserConfiguration(MyPoolConfiguration.class)
            .withPropertyValues("spring.task.execution.mode=force")
            .run((context) -> {
                assertThat(context).hasBean("applicationTaskExecutor").hasBean("myPool");
                assertThat(threadOf(context.getBean(OperationQueue.class))).startsWith("task-");
            });
    }

    @Test
    void runsOnThePrimaryTaskExecutorOfSeveral() {
        this.contextRunner.withUserConfiguration(TwoPoolsConfiguration.class, PrimaryPoolConfiguration.class)
            .run((context) -> assertThat(threadOf(context.getBean(OperationQueue.class))).startsWith("primary-"));
    }

    @Test
    void runsOnTheExecutorNamedTaskExecutorOfSeveral() {
        this.contextRunner.withUserConfiguration(TwoPoolsConfiguration.class, TaskExecutorNamedConfiguration.class)
            .run((context) -> assertThat(threadOf(context.getBean(OperationQueue.class))).startsWith("named-"));
    }

    @Test
    void runsOnTheApplicationsOwnTaskExecutorNextToTheSchedulerOfEnableScheduling() {
        // Spring Boot's taskScheduler is a TaskExecutor too, and one that cannot drain a queue.
        this.contextRunner.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
            .withUserConfiguration(MyPoolConfiguration.class, SchedulingConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed().hasBean("taskScheduler");
                assertThat(threadOf(context.getBean(OperationQueue.class))).startsWith("my-pool-");
            });
    }

    @Test
    void leavesTaskSchedulersOutOfTheCandidatesWhenTheChoiceIsOpen() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
            .withUserConfiguration(TwoPoolsConfiguration.class, SchedulingConfiguration.class)
            .run((context) -> assertThat(OperationQueueFailureAnalyzerTests.analyze(context).getAction())
                .contains("[firstPool, secondPool]")
                .doesNotContain("taskScheduler"));
    }

    @Test
    void failsWithWhatToSetWhenSeveralTaskExecutorsLeaveTheChoiceOpen() {
        this.contextRunner.withUserConfiguration(TwoPoolsConfiguration.class).run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription()).contains("operation-queue.defaults.executor")
                .contains("queue 'mailer'")
                .contains("[firstPool, secondPool]");
            assertThat(analysis.getAction()).contains("operation-queue.queues.mailer.executor")
                .contains("operation-queue.defaults.executor")
                .contains("@Primary")
                .contains("spring.task.execution.mode=force");
        });
    }

    private static String threadOf(OperationQueue queue) throws Exception {
        return queue.submitBlocking(() -> Thread.currentThread().getName()).get(TIMEOUT.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS);
    }

    private static ThreadPoolTaskExecutor pool(String prefix) {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setThreadNamePrefix(prefix);
        return pool;
    }

    @Configuration(proxyBeanMethods = false)
    static class MyPoolConfiguration {

        @Bean
        ThreadPoolTaskExecutor myPool() {
            return pool("my-pool-");
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class SchedulingConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPoolsConfiguration {

        @Bean
        ThreadPoolTaskExecutor firstPool() {
            return pool("first-");
        }

        @Bean
        ThreadPoolTaskExecutor secondPool() {
            return pool("second-");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PrimaryPoolConfiguration {

        @Bean
        @Primary
        ThreadPoolTaskExecutor primaryPool() {
            return pool("primary-");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class TaskExecutorNamedConfiguration {

        @Bean
        ThreadPoolTaskExecutor taskExecutor() {
            return pool("named-");
        }

    }

}
