package io.github.operationqueue.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.OperationQueue;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * Builds the queue of one {@link QueueSettings}: finds its executor bean (and tells the queue how
 * to see that it shut down, see {@link ExecutorShutdownCheck}), composes the decorators, and
 * applies the {@link OperationQueueCustomizer customizers} last.
 *
 * <p>Decorators, innermost first: every {@link OperationDecorator} bean in order; then every
 * Spring {@link TaskDecorator} bean, composed in order as Spring Boot composes them for its task
 * executor and applied around each {@code perform()} call; then, outermost, the
 * context-propagation decorator, so that the others already see the enqueuer's context.
 * Spring's own {@code ContextPropagatingTaskDecorator} is skipped: the context-propagation
 * decorator does its work for the queue, under {@code operation-queue.propagate-context}.
 */
final class OperationQueueFactory {

    static final String CONTEXT_DECORATOR_BEAN_NAME = "operationQueueContextPropagationDecorator";

    private static final String CONTEXT_PROPAGATING_TASK_DECORATOR =
            "org.springframework.core.task.support.ContextPropagatingTaskDecorator";

    private final ListableBeanFactory beanFactory;

    OperationQueueFactory(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    OperationQueue create(QueueSettings settings) {
        Executor executor = executor(settings);
        OperationQueue.Builder builder = OperationQueue.builder()
            .name(settings.name())
            .executor(executor, ExecutorShutdownCheck.of(executor))
            .capacity(settings.capacity());
        OperationDecorator decorator = decorator();
        if (decorator != null) {
            builder.decorator(decorator);
        }
        this.beanFactory.getBeanProvider(OperationQueueCustomizer.class)
            .orderedStream()
            .forEach((customizer) -> customizer.customize(settings.name(), builder));
        return builder.build();
    }

    private Executor executor(QueueSettings settings) {
        String name = settings.executor();
        String property = settings.executorProperty();
        if (!this.beanFactory.containsBean(name)) {
            List<String> candidates = executorBeanNames();
            String action = candidates.isEmpty()
                    ? "Define an Executor bean (Spring Boot creates applicationTaskExecutor only while the application "
                            + "defines no Executor bean of its own) and set " + property + " to its name."
                    : "Set " + property + " to the name of an Executor bean; candidates: " + candidates + ".";
            throw new InvalidOperationQueueConfigurationException(property,
                    "queue '" + settings.name() + "' needs an executor bean named '" + name
                            + "', and there is no such bean.",
                    action);
        }
        if (!this.beanFactory.isTypeMatch(name, Executor.class)) {
            Class<?> type = this.beanFactory.getType(name);
            throw new InvalidOperationQueueConfigurationException(property,
                    "queue '" + settings.name() + "' needs an executor, but the bean '" + name + "' is a "
                            + ((type != null) ? type.getName() : "bean of unknown type")
                            + ", not a java.util.concurrent.Executor.",
                    "Set " + property + " to the name of an Executor bean (a TaskExecutor is one); candidates: "
                            + executorBeanNames() + ".");
        }
        Executor executor = this.beanFactory.getBean(name, Executor.class);
        if (this.beanFactory instanceof ConfigurableBeanFactory configurable) {
            // Destroy the queue before its executor.
            configurable.registerDependentBean(name, settings.beanName());
        }
        return executor;
    }

    private List<String> executorBeanNames() {
        return Arrays.stream(this.beanFactory.getBeanNamesForType(Executor.class, true, false)).sorted().toList();
    }

    private OperationDecorator decorator() {
        Map<String, OperationDecorator> beans = this.beanFactory.getBeansOfType(OperationDecorator.class);
        OperationDecorator context = beans.get(CONTEXT_DECORATOR_BEAN_NAME);
        List<OperationDecorator> decorators = new ArrayList<>();
        beans.forEach((beanName, bean) -> {
            if (!CONTEXT_DECORATOR_BEAN_NAME.equals(beanName)) {
                decorators.add(bean);
            }
        });
        AnnotationAwareOrderComparator.sort(decorators);
        List<TaskDecorator> taskDecorators = this.beanFactory.getBeanProvider(TaskDecorator.class)
            .orderedStream()
            .filter((taskDecorator) -> !CONTEXT_PROPAGATING_TASK_DECORATOR.equals(taskDecorator.getClass().getName()))
            .toList();
        if (!taskDecorators.isEmpty()) {
            // As Spring Boot composes them for its executor: the first in order innermost.
            TaskDecorator taskDecorator = (taskDecorators.size() == 1) ? taskDecorators.get(0)
                    : new CompositeTaskDecorator(taskDecorators);
            decorators.add(OperationDecorator.ofRunnable(taskDecorator::decorate));
        }
        if (context != null) {
            decorators.add(context);
        }
        OperationDecorator composed = null;
        for (OperationDecorator decorator : decorators) {
            composed = (composed != null) ? composed.andThen(decorator) : decorator;
        }
        return composed;
    }

}
