package io.github.operationqueue.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.operationqueue.autoconfigure.OperationQueueProperties.Queue;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Keeps, in a native image, the exception classes that {@code overload-on} names: the starter looks them
 * up by name when it builds the queues, and a native image finds by name only the types registered for
 * reflection. The names are read from the configuration the application is processed ahead of time
 * with, as the set of queues is. Registered in {@code META-INF/spring/aot.factories}.
 */
final class OverloadOnAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
            ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
            return null;
        }
        Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
                Environment.class);
        OperationQueueProperties properties = Binder.get(environment)
            .bind(OperationQueueRegistrar.PREFIX, OperationQueueProperties.class)
            .orElse(null);
        if (properties == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        addNames(names, properties.getDefaults());
        properties.getQueues().values().forEach((queue) -> addNames(names, queue));
        if (names.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> names.forEach(
                (name) -> generationContext.getRuntimeHints().reflection().registerType(TypeReference.of(name)));
    }

    private static void addNames(Set<String> names, @Nullable Queue queue) {
        List<String> overloadOn = (queue != null) ? queue.getOverloadOn() : null;
        if (overloadOn != null) {
            overloadOn.stream().filter((name) -> name != null && !name.isBlank()).map(String::trim).forEach(names::add);
        }
    }

}
