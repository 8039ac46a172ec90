package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.Queue;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link OperationQueue} bean definition per {@code operation-queue.queues} entry.
 *
 * <p>The entries are read with Spring Boot's binder, as the {@link OperationQueueProperties} bean
 * is bound (see {@link OperationQueueNames#bind}), so the names here are the keys of that bean's
 * map, merged over every property source and profile; a queue switched off
 * ({@code enabled: false}, of its own or from the defaults) gets no definition. The keys under
 * every queue, line and the defaults are checked here, before any bean is created. Each
 * definition names a factory bean and method, {@link OperationQueueFactory#create(String)}, with
 * the queue's name as its argument, so Spring AOT can write it out as code: the factory reads
 * the queue's settings from the properties bean. Each bean is named {@code operationQueue.<name>} so that it
 * never clashes with an application bean, and carries its name as a {@link Qualifier @Qualifier}
 * value, so {@code @Qualifier("remote-service")} selects it.
 *
 * <p>Under AOT the set of queues is fixed when the application is processed; the factory fails the
 * start when the run-time configuration names a queue that was not there then.
 */
class OperationQueueRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    static final String PREFIX = "operation-queue";

    static final String QUEUES = PREFIX + ".queues";

    static final String DEFAULTS = PREFIX + ".defaults";

    static final String LINES = PREFIX + ".lines";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        SettingKeys.checkSettings(this.environment, DEFAULTS, Queue.class, "queue");
        OperationQueueNames.bind(this.environment, LINES, OperationQueueProperties.Line.class, "line");
        boolean enabledByDefault = Binder.get(this.environment)
            .bind(DEFAULTS + ".enabled", Boolean.class)
            .orElse(Boolean.TRUE);
        OperationQueueNames.bind(this.environment, QUEUES, Queue.class, "queue").forEach((name, queue) -> {
            if (QueueSettings.isEnabled(queue, enabledByDefault)) {
                registry.registerBeanDefinition(OperationQueueNames.queueBeanName(name), definition(name));
            }
        });
    }

    static RootBeanDefinition definition(String name) {
        RootBeanDefinition definition = new RootBeanDefinition(OperationQueue.class);
        definition.setFactoryBeanName(OperationQueueFactory.BEAN_NAME);
        definition.setFactoryMethodName("create");
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
        definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
        definition.setDescription("Operation queue '" + name + "' from " + QUEUES);
        return definition;
    }

}
