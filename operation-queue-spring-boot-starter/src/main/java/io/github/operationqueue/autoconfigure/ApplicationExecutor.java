package io.github.operationqueue.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.NamedBeanHolder;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.AsyncAnnotationBeanPostProcessor;

/**
 * Chooses the executor of a queue that names none, as Spring chooses the executor of
 * {@code @Async} methods: the only {@link TaskExecutor} bean (or the {@code @Primary} one of
 * several), else the {@code Executor} bean named {@code taskExecutor}, else Spring Boot's
 * {@code applicationTaskExecutor}.
 *
 * <p>Spring Boot creates {@code applicationTaskExecutor} only while the application defines no
 * {@code Executor} bean of its own, so an application with its own {@code ThreadPoolTaskExecutor}
 * runs its queues on that one. One step goes beyond {@code @Async}: where several task executors
 * leave the choice open only because some of them are {@link TaskScheduler}s (Spring Boot adds
 * {@code taskScheduler} for {@code @EnableScheduling}), the one that is not a scheduler is chosen;
 * {@code @Async} would fall back on a new {@code SimpleAsyncTaskExecutor}, and a scheduler stops
 * taking tasks when the context closes, before a queue can drain. When the choice is still open
 * the start fails saying what to set.
 */
final class ApplicationExecutor {

    private static final List<String> NAMES = List.of(AsyncAnnotationBeanPostProcessor.DEFAULT_TASK_EXECUTOR_BEAN_NAME,
            TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME);

    private ApplicationExecutor() {
    }

    /**
     * Returns the executor for {@code queue}, with its bean name.
     *
     * @param property the property that would name an executor, for the failure message
     * @throws InvalidOperationQueueConfigurationException when no executor qualifies, or several do
     */
    static NamedBeanHolder<Executor> choose(ConfigurableListableBeanFactory beanFactory, String queue,
            String property) {
        List<String> taskExecutors = List.of();
        try {
            NamedBeanHolder<TaskExecutor> only = beanFactory.resolveNamedBean(TaskExecutor.class);
            return new NamedBeanHolder<>(only.getBeanName(), only.getBeanInstance());
        }
        catch (NoUniqueBeanDefinitionException ex) {
            taskExecutors = (ex.getBeanNamesFound() != null) ? List.copyOf(ex.getBeanNamesFound()) : List.of();
        }
        catch (NoSuchBeanDefinitionException ex) {
            // Fall back on the names, as @Async does.
        }
        for (String name : NAMES) {
            if (beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, Executor.class)) {
                return new NamedBeanHolder<>(name, beanFactory.getBean(name, Executor.class));
            }
        }
        List<String> notSchedulers = taskExecutors.stream()
            .filter((name) -> !beanFactory.isTypeMatch(name, TaskScheduler.class))
            .toList();
        if (notSchedulers.size() == 1) {
            String name = notSchedulers.get(0);
            return new NamedBeanHolder<>(name, beanFactory.getBean(name, Executor.class));
        }
        throw noChoice(beanFactory, queue, property, taskExecutors,
                notSchedulers.isEmpty() ? taskExecutors : notSchedulers);
    }

    private static InvalidOperationQueueConfigurationException noChoice(ConfigurableListableBeanFactory beanFactory,
            String queue, String property, List<String> taskExecutors, List<String> open) {
        String own = OperationQueueRegistrar.QUEUES + "." + queue + ".executor";
        String reason;
        List<String> candidates;
        if (!open.isEmpty()) {
            candidates = open.stream().sorted().toList();
            reason = "queue '" + queue + "' names no executor, and the application has several TaskExecutor beans "
                    + candidates + ((candidates.size() < taskExecutors.size()) ? " besides task schedulers" : "")
                    + ", none of them @Primary or named " + String.join(" or ", NAMES)
                    + ", so Spring's choice for @Async is open too.";
        }
        else {
            candidates = Arrays.stream(beanFactory.getBeanNamesForType(Executor.class, true, false)).sorted().toList();
            reason = "queue '" + queue + "' names no executor, and the application has no TaskExecutor bean and no "
                    + "Executor bean named " + String.join(" or ", NAMES) + " (Spring Boot creates "
                    + TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME
                    + " only while the application defines no Executor bean); Executor beans: " + candidates + ".";
        }
        String action = "Set " + own + " (this queue) or " + OperationQueueRegistrar.DEFAULTS
                + ".executor (every queue) to the name of an Executor bean"
                + (candidates.isEmpty() ? "" : ", one of " + candidates)
                + "; or mark one TaskExecutor bean @Primary; or set spring.task.execution.mode=force so that Spring "
                + "Boot creates " + TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME
                + " next to the application's own executors.";
        return new InvalidOperationQueueConfigurationException(property, reason, action);
    }

}
