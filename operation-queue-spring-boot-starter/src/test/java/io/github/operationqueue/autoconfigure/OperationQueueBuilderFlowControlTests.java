package io.github.operationqueue.autoconfigure;

import java.io.UncheckedIOException;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.LimitAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Per-queue flow control set in code on the {@link OperationQueueBuilder}: each setter stands for the
 * property of the same name, a setting left out comes from {@code operation-queue.defaults}, and a bad
 * value fails where it is given.
 */
@Timeout(60)
class OperationQueueBuilderFlowControlTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class));

    @Test
    void aBuiltQueueTakesItsLimitAndRateFromTheBuilder() {
        this.contextRunner.run((context) -> {
            OperationQueue queue = context.getBean(OperationQueueBuilder.class)
                .runners(10)
                .limit(LimitAlgorithm.VEGAS, 2, 8, 4)
                .rate("50/s", 5)
                .build("remote");
            assertThat(queue.flowControl().algorithm()).isEqualTo("vegas");
            assertThat(queue.limit()).isEqualTo(4);
            assertThat(queue.flowControl().rate()).isEqualTo("50/s (burst 5)");
        });
    }

    @Test
    void aBuiltQueueTakesABbrLimitWithoutNetflixsLibrary() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("com.netflix.concurrency.limits")).run((context) -> {
            OperationQueue queue = context.getBean(OperationQueueBuilder.class)
                .runners(10)
                .limit(LimitAlgorithm.BBR, 2, 8, 4)
                .build("remote");
            assertThat(queue.flowControl().algorithm()).isEqualTo("bbr");
            assertThat(queue.limit()).isEqualTo(4);
        });
    }

    @Test
    void settingsLeftOutOfTheBuilderComeFromTheDefaults() {
        this.contextRunner
            .withPropertyValues("operation-queue.defaults.limit.max=6", "operation-queue.defaults.limit.initial=3",
                    "operation-queue.defaults.rate=10/s", "operation-queue.defaults.rate-burst=4")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueueBuilder.class)
                    .runners(10)
                    .limit(LimitAlgorithm.AIMD)
                    .rate("600/min")
                    .build("remote");
                assertThat(queue.flowControl().algorithm()).isEqualTo("aimd");
                assertThat(queue.limit()).isEqualTo(3);
                assertThat(queue.flowControl().rate()).isEqualTo("600/min (burst 4)");
            });
    }

    @Test
    void aQueueBuiltWithoutFlowControlKeepsTheDefaultsNone() {
        this.contextRunner.run((context) -> {
            OperationQueue queue = context.getBean(OperationQueueBuilder.class).runners(3).build("plain");
            assertThat(queue.flowControl().algorithm()).isEqualTo("none");
            assertThat(queue.flowControl().rate()).isNull();
        });
    }

    @Test
    void eachFlowControlSetterReturnsANewBuilder() {
        this.contextRunner.run((context) -> {
            OperationQueueBuilder shared = context.getBean(OperationQueueBuilder.class).runners(4);
            OperationQueueBuilder limited = shared.limit(LimitAlgorithm.FIXED, 1, 2, 2).rate("5/s");
            assertThat(limited.build("limited").limit()).isEqualTo(2);
            OperationQueue plain = shared.build("plain");
            assertThat(plain.flowControl().algorithm()).isEqualTo("none");
            assertThat(plain.flowControl().rate()).isNull();
        });
    }

    @Test
    void overloadOnAddsToTheBuiltInOverloadTypes() {
        this.contextRunner.run((context) -> {
            OperationQueue queue = context.getBean(OperationQueueBuilder.class)
                .runners(10)
                .limit(LimitAlgorithm.AIMD, 1, 10, 10)
                .overloadOn(UncheckedIOException.class)
                .build("remote");
            FlowControlAutoConfigurationTests.assertOverloadOn(queue);
        });
    }

    @Test
    void refusesBadFlowControlWhereItIsGiven() {
        this.contextRunner.run((context) -> {
            OperationQueueBuilder builder = context.getBean(OperationQueueBuilder.class);
            assertThatNullPointerException().isThrownBy(() -> builder.limit(null)).withMessageContaining("algorithm");
            assertThatIllegalArgumentException().isThrownBy(() -> builder.limit(LimitAlgorithm.VEGAS, 0, 5, 3))
                .withMessageContaining("1 <= min <= initial <= max")
                .withMessageContaining("min 0");
            assertThatIllegalArgumentException().isThrownBy(() -> builder.rate("50/x"))
                .withMessageContaining("like 50/s or 600/min");
            assertThatIllegalArgumentException().isThrownBy(() -> builder.rate("5/s", 6))
                .withMessageContaining("from 1 to the rate's count (5)");
            assertThatNullPointerException().isThrownBy(() -> builder.overloadOn(IllegalStateException.class, null))
                .withMessageContaining("types");
            assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.runners(4).limit(LimitAlgorithm.VEGAS, 1, 8, 2).build("too-wide"))
                .withMessageContaining("max (8) exceeds the queue's runners (4)")
                .withMessageContaining("runners(8)");
        });
    }
}
