package io.github.operationqueue.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The line bean definitions in an application processed ahead of time: they were written when it
 * was processed, so nothing is scanned or registered at run time, but the run-time configuration
 * is still checked against them, as the queues' is.
 */
class LineBeanDefinitionPostProcessorAotTests {

    private final DefaultListableBeanFactory registry = new DefaultListableBeanFactory();

    private final MockEnvironment environment = new MockEnvironment();

    @Test
    void registersNothingWhenTheDefinitionsWereWrittenAheadOfTime() {
        this.registry.registerBeanDefinition(LineBeanDefinitionPostProcessor.LINE_BEAN_NAME_PREFIX + "remote-auth",
                new RootBeanDefinition(Object.class));
        this.environment.setProperty("operation-queue.lines.remote-auth", "");
        postProcess();
        assertThat(this.registry.getBeanDefinitionNames())
            .containsExactly(LineBeanDefinitionPostProcessor.LINE_BEAN_NAME_PREFIX + "remote-auth");
    }

    @Test
    void reportsALineConfiguredSinceTheApplicationWasProcessed() {
        this.environment.setProperty("operation-queue.lines.billing", "");
        assertThatExceptionOfType(InvalidOperationQueueConfigurationException.class).isThrownBy(this::postProcess)
            .satisfies((ex) -> assertThat(ex.getPropertyPath()).isEqualTo("operation-queue.lines.billing"))
            .withMessageContaining("line 'billing'")
            .withMessageContaining("ahead of time");
    }

    @Test
    void checksTheLineNamesAtRunTimeToo() {
        this.registry.registerBeanDefinition(LineBeanDefinitionPostProcessor.LINE_BEAN_NAME_PREFIX + "remote-auth",
                new RootBeanDefinition(Object.class));
        this.environment.setProperty("operation-queue.lines.remote-auth", "");
        this.environment.setProperty("operation-queue.lines.remoteauth", "");
        assertThatExceptionOfType(InvalidOperationQueueConfigurationException.class).isThrownBy(this::postProcess)
            .withMessageContaining("differ only by dashes");
    }

    private void postProcess() {
        LineBeanDefinitionPostProcessor postProcessor = new LineBeanDefinitionPostProcessor();
        postProcessor.setEnvironment(this.environment);
        postProcessor.postProcessBeanDefinitionRegistry(this.registry, true);
    }

}
