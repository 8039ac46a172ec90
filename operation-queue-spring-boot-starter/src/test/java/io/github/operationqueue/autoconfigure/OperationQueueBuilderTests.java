package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.QueueStoppedException;
import io.github.operationqueue.micrometer.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Queues built in code with the {@link OperationQueueBuilder} bean get what configured queues
 * get: the executor choice, decorators, customizers, the registry and its meters, a start with
 * the context and a drain when it closes.
 */
@Timeout(60)
class OperationQueueBuilderTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, OperationQueueMetricsAutoConfiguration.class))
        .withUserConfiguration(BuiltQueueConfiguration.class);

    @Test
    void aBuiltQueueRunsOnTheApplicationsExecutorWithTheDecoratorsAndCustomizers() {
        this.contextRunner.run((context) -> {
            OperationQueue imports = context.getBean("imports", OperationQueue.class);
            BuiltQueueConfiguration configuration = context.getBean(BuiltQueueConfiguration.class);
            String thread = imports.submitBlocking(() -> Thread.currentThread().getName())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(thread).startsWith("my-pool-");
            assertThat(configuration.decorated).containsExactly("imports");
            assertThat(configuration.customized).containsExactly("imports");
            assertThat(imports.stats().runners()).as("started with the context").isEqualTo(3);
            assertThat(imports.stats().capacity()).isEqualTo(5);
        });
    }

    @Test
    void aBuiltQueueIsListedInTheRegistryAndHasItsMeters() {
        this.contextRunner.run((context) -> {
            OperationQueue imports = context.getBean("imports", OperationQueue.class);
            assertThat(context.getBean(OperationQueues.class).get("imports")).isSameAs(imports);
            assertThat(context.getBean(MeterRegistry.class).find(MeterNames.QUEUE_DEPTH).tag("queue", "imports").gauge())
                .isNotNull();
        });
    }

    @Test
    void aBuiltQueueDrainsWhenTheContextCloses() {
        this.contextRunner.run((context) -> {
            OperationQueue imports = context.getBean("imports", OperationQueue.class);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> blocked = imports.submitBlocking(() -> release.await(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS));
            CompletableFuture<Object> queued = imports.submitBlocking(() -> "performed during the drain");
            CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
            try {
                org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> imports.stats().stopped());
            }
            finally {
                release.countDown();
            }
            assertThat(closed).succeedsWithin(TIMEOUT);
            assertThat(blocked).succeedsWithin(TIMEOUT);
            assertThat(queued).succeedsWithin(TIMEOUT).isEqualTo("performed during the drain");
        });
    }

    @Test
    void aQueueBuiltWhileTheContextRunsStartsAtOnce() {
        this.contextRunner.run((context) -> {
            OperationQueue later = context.getBean(OperationQueueBuilder.class).runners(2).build("later");
            assertThat(later.stats().runners()).isEqualTo(2);
            assertThat(later.submitBlocking(() -> "done")).succeedsWithin(TIMEOUT).isEqualTo("done");
            assertThat(context.getBean(OperationQueues.class).get("later")).isSameAs(later);
        });
    }

    @Test
    void aQueueBuiltAfterTheContextStoppedRefusesWorkInsteadOfHoldingItForRunnersThatNeverStart() {
        this.contextRunner.run((context) -> {
            OperationQueueBuilder builder = context.getBean(OperationQueueBuilder.class);
            context.stop();
            OperationQueue late = builder.build("late");
            assertThat(late.submitBlocking(() -> "never performed")).as("refused, not held forever")
                .failsWithin(TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(QueueStoppedException.class);
        });
    }

    @Test
    void aQueueBuiltWithoutAutoStartWaitsForTheApplication() {
        this.contextRunner.run((context) -> {
            OperationQueue waiting = context.getBean(OperationQueueBuilder.class).autoStart(false).build("waiting");
            assertThat(waiting.stats().runners()).isZero();
        });
    }

    @Test
    void eachSetterReturnsANewBuilderSoTheBeanCanBeShared() {
        this.contextRunner.run((context) -> {
            OperationQueueBuilder shared = context.getBean(OperationQueueBuilder.class);
            shared.runners(7);
            assertThat(shared.build("plain").stats().runners()).as("from the defaults").isEqualTo(1);
        });
    }

    @Test
    void refusesANameThatIsNotKebabCase() {
        this.contextRunner.run((context) -> assertThatIllegalArgumentException()
            .isThrownBy(() -> context.getBean(OperationQueueBuilder.class).build("bulkImports"))
            .withMessageContaining("'bulk-imports'"));
    }

    @Test
    void refusesBadSettingsAtOnce() {
        this.contextRunner.run((context) -> {
            OperationQueueBuilder builder = context.getBean(OperationQueueBuilder.class);
            assertThatIllegalArgumentException().isThrownBy(() -> builder.runners(0)).withMessageContaining("runners");
            assertThatIllegalArgumentException().isThrownBy(() -> builder.capacity(-1))
                .withMessageContaining("capacity");
            assertThatIllegalArgumentException().isThrownBy(() -> builder.drainTimeout(Duration.ofSeconds(-1)))
                .withMessageContaining("drainTimeout");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BuiltQueueConfiguration {

        final List<String> decorated = new CopyOnWriteArrayList<>();

        final List<String> customized = new CopyOnWriteArrayList<>();

        @Bean
        ThreadPoolTaskExecutor myPool() {
            ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
            pool.setThreadNamePrefix("my-pool-");
            return pool;
        }

        @Bean
        OperationQueue imports(OperationQueueBuilder builder) {
            return builder.runners(3).capacity(5).build("imports");
        }

        @Bean
        OperationDecorator recordingDecorator() {
            return (operation) -> () -> {
                this.decorated.add("imports");
                return operation.perform();
            };
        }

        @Bean
        OperationQueueCustomizer recordingCustomizer() {
            return (name, builder) -> this.customized.add(name);
        }

    }

}
