package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.operationqueue.OperationQueue;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link OperationQueue} bean per {@code operation-queue.queues} entry.
 *
 * <p>The properties are bound here, before any bean exists, with {@link Binder#get}, and checked:
 * a malformed name or an out-of-range value fails the start with an
 * {@link InvalidOperationQueueConfigurationException} naming the property. Each queue's bean is
 * named {@code operationQueue.<name>} so that it never clashes with an application bean, and
 * carries its name as a {@link Qualifier @Qualifier} value, so {@code @Qualifier("remote-service")}
 * selects it. The executor is looked up when the queue is created (see
 * {@link OperationQueueFactory}), once every bean definition is known.
 */
class OperationQueueRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

    static final String PREFIX = "operation-queue";

    private Environment environment;

    private ListableBeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = (ListableBeanFactory) beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        OperationQueueProperties properties = Binder.get(this.environment)
            .bind(PREFIX, OperationQueueProperties.class)
            .orElseGet(OperationQueueProperties::new);
        List<QueueSettings> queues = resolve(properties);
        List<String> lines = lineNames(this.environment, properties);
        OperationQueueFactory factory = new OperationQueueFactory(this.beanFactory);
        for (QueueSettings settings : queues) {
            RootBeanDefinition definition = new RootBeanDefinition(OperationQueue.class, () -> factory.create(settings));
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, settings.name()));
            definition.setDescription("Operation queue '" + settings.name() + "' from " + PREFIX + ".queues");
            registry.registerBeanDefinition(settings.beanName(), definition);
        }
        RootBeanDefinition resolved = new RootBeanDefinition(ResolvedSettings.class,
                () -> new ResolvedSettings(queues, lines));
        resolved.setAutowireCandidate(false);
        registry.registerBeanDefinition(ResolvedSettings.BEAN_NAME, resolved);
    }

    /**
     * Returns the names under {@code operation-queue.lines}, checked. They are read from the
     * property names as well as from the bound map: an entry without settings
     * ({@code remote-auth: {}} in YAML) may bind to no map entry.
     */
    static List<String> lineNames(Environment environment, OperationQueueProperties properties) {
        Set<String> names = new LinkedHashSet<>(properties.getLines().keySet());
        ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX + ".lines");
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(prefix::isAncestorOf)
                    .stream()
                    .map((name) -> name.getElement(prefix.getNumberOfElements(), Form.ORIGINAL))
                    .forEach(names::add);
            }
        }
        for (String line : names) {
            if (!OperationQueueNames.isValid(line)) {
                throw OperationQueueNames.malformed(PREFIX + ".lines", line, "line");
            }
        }
        return List.copyOf(names);
    }

    /** Applies the defaults to each queue and checks every value. */
    static List<QueueSettings> resolve(OperationQueueProperties properties) {
        OperationQueueProperties.Defaults defaults = properties.getDefaults();
        String defaultsPath = PREFIX + ".defaults";
        checkRunners(defaultsPath + ".runners", defaults.getRunners());
        checkCapacity(defaultsPath + ".capacity", defaults.getCapacity());
        checkDrainTimeout(defaultsPath + ".drain-timeout", defaults.getDrainTimeout());
        List<QueueSettings> queues = new ArrayList<>();
        for (Map.Entry<String, OperationQueueProperties.Queue> entry : properties.getQueues().entrySet()) {
            String name = entry.getKey();
            if (!OperationQueueNames.isValid(name)) {
                throw OperationQueueNames.malformed(PREFIX + ".queues", name, "queue");
            }
            OperationQueueProperties.Queue queue = entry.getValue();
            String path = PREFIX + ".queues." + name;
            int runners = (queue.getRunners() != null) ? queue.getRunners() : defaults.getRunners();
            checkRunners(path + ".runners", runners);
            int capacity = (queue.getCapacity() != null) ? queue.getCapacity() : defaults.getCapacity();
            checkCapacity(path + ".capacity", capacity);
            boolean ownDrainTimeout = queue.getDrainTimeout() != null;
            Duration drainTimeout = ownDrainTimeout ? queue.getDrainTimeout() : defaults.getDrainTimeout();
            checkDrainTimeout((ownDrainTimeout ? path : defaultsPath) + ".drain-timeout", drainTimeout);
            boolean ownExecutor = queue.getExecutor() != null;
            String executor = ownExecutor ? queue.getExecutor() : defaults.getExecutor();
            String executorProperty = ownExecutor ? path + ".executor" : defaultsPath + ".executor";
            if (executor == null || executor.isBlank()) {
                throw new InvalidOperationQueueConfigurationException(executorProperty,
                        "no executor bean name is set.",
                        "Set " + executorProperty + " to the name of an Executor bean, such as applicationTaskExecutor.");
            }
            boolean autoStart = (queue.getAutoStart() != null) ? queue.getAutoStart() : defaults.isAutoStart();
            queues.add(new QueueSettings(name, runners, capacity, executor.trim(), executorProperty, autoStart,
                    drainTimeout));
        }
        return queues;
    }

    private static void checkRunners(String path, int runners) {
        if (runners < 1) {
            throw new InvalidOperationQueueConfigurationException(path,
                    "runners must be at least 1, but was " + runners + ".",
                    "Set " + path + " to 1 or more (the number of operations performed at the same time); "
                            + "to keep a queue from performing anything until later, set auto-start to false instead.");
        }
    }

    private static void checkCapacity(String path, int capacity) {
        if (capacity < 0) {
            throw new InvalidOperationQueueConfigurationException(path,
                    "capacity must not be negative, but was " + capacity + ".",
                    "Set " + path + " to 0 for an unbounded queue, or to the most operations the queue may hold.");
        }
    }

    private static void checkDrainTimeout(String path, Duration drainTimeout) {
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new InvalidOperationQueueConfigurationException(path,
                    (drainTimeout != null) ? "drain-timeout must not be negative, but was " + drainTimeout + "."
                            : "drain-timeout is empty.",
                    "Set " + path + " to how long shutdown may wait for accepted operations, such as 30s; "
                            + "0s abandons what is queued at once.");
        }
    }

}
