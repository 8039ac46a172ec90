package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.OperationQueue;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link OperationQueue} bean definition per {@code operation-queue.queues} entry.
 *
 * <p>Only the entries' names are read here, from the property names; nothing is bound. Each
 * definition names a factory bean and method, {@link OperationQueueFactory#create(String)}, with
 * the queue's name as its argument, so Spring AOT can write it out as code: the properties are
 * bound once, at run time, by {@code @EnableConfigurationProperties}, and the factory reads the
 * queue's settings from that binding. Each bean is named {@code operationQueue.<name>} so that it
 * never clashes with an application bean, and carries its name as a {@link Qualifier @Qualifier}
 * value, so {@code @Qualifier("remote-service")} selects it.
 *
 * <p>Under AOT the set of queues is fixed when the application is processed; the factory fails the
 * start when the run-time configuration names a queue that was not there then.
 */
class OperationQueueRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    static final String PREFIX = "operation-queue";

    static final String QUEUES = PREFIX + ".queues";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        for (String name : OperationQueueNames.configured(this.environment, QUEUES, "queue")) {
            registry.registerBeanDefinition(OperationQueueNames.queueBeanName(name), definition(name));
        }
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
