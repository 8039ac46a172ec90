package io.github.operationqueue.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.Queue;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.NamedBeanHolder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Creates the configured queues: the factory bean that every queue bean definition of the
 * {@link OperationQueueRegistrar} names. It reads the settings from the one binding of
 * {@code operation-queue.*}, the {@link OperationQueueProperties} bean, and checks them all when it
 * is created, so that a bad value fails the start even before the first queue is created.
 *
 * <p>For each queue it finds the executor bean, the named one or else the one Spring uses for
 * {@code @Async} (see {@link ApplicationExecutor}), and tells the queue how to see that it shut
 * down (see {@link ExecutorShutdownCheck}); adds the {@link OperationDecorator} beans (in order,
 * innermost first, with context propagation outermost so that the others already see the
 * enqueuer's context) and applies the {@link OperationQueueCustomizer customizers} last, whose
 * decorators go inside those.
 * Spring {@code TaskDecorator} beans are not applied here: Spring Boot applies them to its task
 * executor, which runs the runners, and applying them again around each operation would run them
 * twice.
 */
final class OperationQueueFactory {

    /** The name of this factory's bean, which every queue bean definition names. */
    static final String BEAN_NAME = "operationQueueFactory";

    private final ConfigurableListableBeanFactory beanFactory;

    private final OperationQueues queues;

    private final OperationQueueLifecycle lifecycle;

    private final Queue defaults;

    private final Map<String, QueueSettings> settings = new LinkedHashMap<>();

    /** The property that switched each configured queue off: its own enabled, or the default's. */
    private final Map<String, String> switchedOff = new LinkedHashMap<>();

    /**
     * Reads and checks the settings of every configured queue that is switched on.
     *
     * @throws InvalidConfigurationPropertyValueException for a value out of range
     * @throws InvalidOperationQueueConfigurationException for a malformed name, two names that
     *         differ only by dashes, an unknown key, or a queue that AOT processing did not see
     */
    OperationQueueFactory(OperationQueueProperties properties, Environment environment,
            ConfigurableListableBeanFactory beanFactory, OperationQueues queues, OperationQueueLifecycle lifecycle) {
        this.beanFactory = beanFactory;
        this.queues = queues;
        this.lifecycle = lifecycle;
        this.defaults = properties.getDefaults();
        // The registrar checked all this already, unless the application was processed ahead of time.
        SettingKeys.checkSettings(environment, OperationQueueRegistrar.DEFAULTS, Queue.class, "queue");
        SettingKeys.checkEntries(environment, OperationQueueRegistrar.QUEUES, Queue.class, "queue");
        OperationQueueNames.check(environment, OperationQueueRegistrar.QUEUES, "queue", properties.getQueues().keySet());
        QueueSettings.checkDefaults(properties.getDefaults());
        properties.getQueues().forEach((name, own) -> {
            if (QueueSettings.isEnabled(own, properties.getDefaults().getEnabled())) {
                this.settings.put(name, QueueSettings.resolve(name, own, properties.getDefaults(),
                        beanFactory.getBeanClassLoader()));
            }
            else {
                this.switchedOff.put(name, ((own != null && own.getEnabled() != null)
                        ? OperationQueueRegistrar.QUEUES + "." + name : OperationQueueRegistrar.DEFAULTS) + ".enabled");
            }
        });
        checkEveryQueueHasABeanDefinition();
    }

    /**
     * In an application processed ahead of time, the queue bean definitions were written when it
     * was processed; a queue added to the configuration since would otherwise be ignored.
     */
    private void checkEveryQueueHasABeanDefinition() {
        for (String name : this.settings.keySet()) {
            if (!this.beanFactory.containsBeanDefinition(OperationQueueNames.queueBeanName(name))) {
                throw new InvalidOperationQueueConfigurationException(OperationQueueRegistrar.QUEUES + "." + name,
                        "queue '" + name + "' is configured, but the application has no bean definition for it: it "
                                + "was processed ahead of time (Spring AOT) without this queue, and AOT fixes the "
                                + "set of queues when the application is processed.",
                        "Configure the queue when the application is processed ahead of time (process-aot), or "
                                + "remove the entry.");
            }
        }
    }

    /**
     * Creates the configured queue {@code name}; the factory method of its bean definition.
     *
     * @throws InvalidOperationQueueConfigurationException if no such queue is configured any more,
     *         or it is switched off (a bean definition written by AOT processing for a queue since
     *         removed or switched off)
     */
    OperationQueue create(String name) {
        QueueSettings settings = this.settings.get(name);
        String switchedOffBy = this.switchedOff.get(name);
        if (switchedOffBy != null) {
            throw new InvalidOperationQueueConfigurationException(switchedOffBy,
                    "queue '" + name + "' is switched off now, and the application was processed ahead of time "
                            + "(Spring AOT) with it switched on; AOT fixes the set of queue beans when the "
                            + "application is processed, so the bean cannot be left out at run time.",
                    "Switch the queue off when the application is processed ahead of time (process-aot) too, or "
                            + "remove " + switchedOffBy + "=false.");
        }
        if (settings == null) {
            throw new InvalidOperationQueueConfigurationException(OperationQueueRegistrar.QUEUES + "." + name,
                    "the application was processed ahead of time (Spring AOT) with a queue '" + name
                            + "', and it is not configured now; known queues: " + this.settings.keySet() + ".",
                    "Configure the queue again, or process the application ahead of time (process-aot) again with "
                            + "the current configuration.");
        }
        return build(settings, null);
    }

    /**
     * Builds a queue with {@code settings}, on {@code executor} or else the executor the settings
     * choose, with the decorators and customizers; lists it in the {@link OperationQueues} registry
     * and hands it to the {@link OperationQueueLifecycle}, which starts and drains it. The one path
     * of configured queues and of those built with the {@link OperationQueueBuilder}.
     *
     * @throws IllegalStateException if the registry holds another queue with the same name
     */
    OperationQueue build(QueueSettings settings, @Nullable Executor executor) {
        Executor chosen = (executor != null) ? executor : executor(settings);
        OperationQueue.Builder builder = OperationQueue.builder()
            .name(settings.name())
            .capacity(settings.capacity())
            .budget(settings.budget());
        BooleanSupplier tasksWaiting = ExecutorTasksWaiting.of(chosen);
        if (tasksWaiting != null) {
            builder.executor(chosen, ExecutorShutdownCheck.of(chosen), tasksWaiting);
        }
        else {
            builder.executor(chosen, ExecutorShutdownCheck.of(chosen));
        }
        settings.flowControl().applyTo(builder);
        addDecorators(builder);
        this.beanFactory.getBeanProvider(OperationQueueCustomizer.class)
            .orderedStream()
            .forEach((customizer) -> customizer.customize(settings.name(), builder));
        OperationQueue queue = builder.build();
        this.queues.register(queue);
        this.lifecycle.manage(queue, settings);
        return queue;
    }

    /** The class loader the optional libraries of flow control are looked up in. */
    @Nullable ClassLoader classLoader() {
        return this.beanFactory.getBeanClassLoader();
    }

    /** The defaults every queue starts from, for the {@link OperationQueueBuilder}. */
    Queue defaults() {
        return this.defaults;
    }

    private Executor executor(QueueSettings settings) {
        String name = settings.executor();
        String property = settings.executorProperty();
        if (name == null) {
            NamedBeanHolder<Executor> chosen = ApplicationExecutor.choose(this.beanFactory, settings.name(), property);
            destroyBefore(chosen.getBeanName(), settings);
            return chosen.getBeanInstance();
        }
        if (!this.beanFactory.containsBean(name)) {
            List<String> candidates = executorBeanNames();
            String action = candidates.isEmpty()
                    ? "Define an Executor bean and set " + property + " to its name, or remove " + property
                            + " to use the executor Spring uses for @Async."
                    : "Set " + property + " to the name of an Executor bean; candidates: " + candidates
                            + ". Or remove it to use the executor Spring uses for @Async.";
            throw new InvalidConfigurationPropertyValueException(property, name,
                    "queue '" + settings.name() + "' needs an executor bean named '" + name
                            + "', and there is no such bean. " + action);
        }
        if (!this.beanFactory.isTypeMatch(name, Executor.class)) {
            Class<?> type = this.beanFactory.getType(name);
            throw new InvalidConfigurationPropertyValueException(property, name,
                    "queue '" + settings.name() + "' needs an executor, but the bean '" + name + "' is of type "
                            + ((type != null) ? type.getName() : "unknown")
                            + ", which does not implement java.util.concurrent.Executor. Set " + property
                            + " to the name of an Executor bean (a TaskExecutor is one); candidates: "
                            + executorBeanNames() + ".");
        }
        Executor executor = this.beanFactory.getBean(name, Executor.class);
        destroyBefore(name, settings);
        return executor;
    }

    /** Destroys the bean of a configured queue before its executor; a built queue has none. */
    private void destroyBefore(String executorBeanName, QueueSettings settings) {
        if (this.beanFactory.containsBeanDefinition(settings.beanName())) {
            this.beanFactory.registerDependentBean(executorBeanName, settings.beanName());
        }
    }

    private List<String> executorBeanNames() {
        return Arrays.stream(this.beanFactory.getBeanNamesForType(Executor.class, true, false)).sorted().toList();
    }

    /**
     * Adds the {@link OperationDecorator} beans to {@code builder}: context propagation outermost,
     * so that the others run in the enqueuer's context, then the others with the lowest order
     * innermost. The builder wraps each decorator added inside those added before.
     */
    private void addDecorators(OperationQueue.Builder builder) {
        // orderedStream() sees @Order on @Bean methods too, which sorting the instances would not.
        List<OperationDecorator> decorators = new ArrayList<>(
                this.beanFactory.getBeanProvider(OperationDecorator.class).orderedStream().toList());
        decorators.stream().filter(ContextPropagatingOperationDecorator.class::isInstance).forEach(builder::decorator);
        decorators.removeIf(ContextPropagatingOperationDecorator.class::isInstance);
        Collections.reverse(decorators);
        decorators.forEach(builder::decorator);
    }

}
