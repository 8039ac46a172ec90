package io.github.operationqueue.autoconfigure;

import java.time.Duration;

import io.github.operationqueue.OperationQueues;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The factory against bean definitions that Spring AOT wrote when the application was processed:
 * the run-time configuration may name other queues than the build-time one did.
 */
class OperationQueueFactoryTests {

    @Test
    void reportsAQueueConfiguredAfterTheApplicationWasProcessedAheadOfTime() {
        MockEnvironment environment = new MockEnvironment()
            .withProperty("operation-queue.queues.remote-service.runners", "1")
            .withProperty("operation-queue.queues.late.runners", "1");
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("operationQueue.remote-service",
                OperationQueueRegistrar.definition("remote-service"));
        assertThatExceptionOfType(InvalidOperationQueueConfigurationException.class)
            .isThrownBy(() -> factory(environment, beanFactory))
            .satisfies((ex) -> {
                assertThat(ex.getPropertyPath()).isEqualTo("operation-queue.queues.late");
                assertThat(ex.getReason()).contains("processed ahead of time");
                assertThat(ex.getAction()).contains("process-aot");
            });
    }

    @Test
    void reportsAQueueRemovedAfterTheApplicationWasProcessedAheadOfTime() {
        MockEnvironment environment = new MockEnvironment();
        OperationQueueFactory factory = factory(environment, new DefaultListableBeanFactory());
        assertThatExceptionOfType(InvalidOperationQueueConfigurationException.class)
            .isThrownBy(() -> factory.create("gone"))
            .satisfies((ex) -> assertThat(ex.getReason()).contains("'gone'", "not configured now"));
    }

    @Test
    void reportsAQueueSwitchedOffAfterTheApplicationWasProcessedAheadOfTime() {
        MockEnvironment environment = new MockEnvironment()
            .withProperty("operation-queue.queues.mailer.enabled", "false");
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("operationQueue.mailer", OperationQueueRegistrar.definition("mailer"));
        OperationQueueFactory factory = factory(environment, beanFactory);
        assertThatExceptionOfType(InvalidOperationQueueConfigurationException.class)
            .isThrownBy(() -> factory.create("mailer"))
            .satisfies((ex) -> {
                assertThat(ex.getPropertyPath()).isEqualTo("operation-queue.queues.mailer.enabled");
                assertThat(ex.getReason()).contains("'mailer'", "switched off", "processed ahead of time");
                assertThat(ex.getAction()).contains("process-aot");
            });
    }

    private static OperationQueueFactory factory(MockEnvironment environment, DefaultListableBeanFactory beanFactory) {
        return new OperationQueueFactory(bind(environment), environment, beanFactory, new OperationQueues(),
                new OperationQueueLifecycle(Duration.ofSeconds(30)));
    }

    private static OperationQueueProperties bind(MockEnvironment environment) {
        return Binder.get(environment)
            .bindOrCreate(OperationQueueRegistrar.PREFIX, OperationQueueProperties.class);
    }

}
