package io.github.operationqueue.autoconfigure;

import java.util.List;

import io.github.operationqueue.line.Line;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Makes {@link LineScoped @LineScoped} injection points work: installs the {@link LineScopedResolver}
 * that resolves each of them when Spring injects it, and registers a {@code Line} bean definition per
 * {@code operation-queue.lines} entry, each qualified with its name, so that the configured lines
 * exist from startup. Each definition names {@link LineScopedLines} as its factory bean, so Spring
 * AOT writes them out as code; in an application processed ahead of time they exist already, and a
 * line configured since then fails the start, as a queue does.
 *
 * <p>Nothing is scanned: the cost at startup does not grow with the number of beans. Line beans are
 * not default candidates: an injection point of type {@code Line} without {@code @LineScoped} gets
 * none.
 */
final class LineBeanDefinitionPostProcessor
        implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, Ordered {

    /** Prefix of the bean name of each named line. */
    static final String LINE_BEAN_NAME_PREFIX = "operationQueueLine.";

    static final String LINES = OperationQueueRegistrar.PREFIX + ".lines";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        postProcessBeanDefinitionRegistry(registry, AotDetector.useGeneratedArtifacts());
    }

    /**
     * Registers the line bean definitions or, in an application processed ahead of time
     * ({@code aheadOfTime}), checks the run-time configuration against the definitions written then.
     */
    void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry, boolean aheadOfTime) {
        List<String> configured = OperationQueueNames.configured(this.environment, LINES, "line");
        if (aheadOfTime) {
            checkEveryConfiguredLineHasABeanDefinition(registry, configured);
            return;
        }
        for (String name : configured) {
            String beanName = LINE_BEAN_NAME_PREFIX + name;
            if (!registry.containsBeanDefinition(beanName)) {
                registry.registerBeanDefinition(beanName, namedLine(name));
            }
        }
    }

    /**
     * A line configured since the application was processed ahead of time would otherwise not be
     * created at startup, unlike every other configured line.
     */
    private static void checkEveryConfiguredLineHasABeanDefinition(BeanDefinitionRegistry registry,
            List<String> configured) {
        for (String name : configured) {
            if (!registry.containsBeanDefinition(LINE_BEAN_NAME_PREFIX + name)) {
                throw new InvalidOperationQueueConfigurationException(LINES + "." + name,
                        "line '" + name + "' is configured, but the application has no bean definition for it: it "
                                + "was processed ahead of time (Spring AOT) without this line, and AOT fixes the "
                                + "set of lines when the application is processed.",
                        "Configure the line when the application is processed ahead of time (process-aot), or "
                                + "remove the entry.");
            }
        }
    }

    /**
     * Installs the resolver in the bean factory, also at run time of an application processed ahead
     * of time, before any bean with an injection point is created.
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        LineScopedResolver.install(beanFactory);
    }

    private static RootBeanDefinition namedLine(String name) {
        RootBeanDefinition definition = new RootBeanDefinition(Line.class);
        definition.setFactoryBeanName(LineScopedLines.BEAN_NAME);
        definition.setFactoryMethodName("line");
        definition.setDefaultCandidate(false);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
        definition.addQualifier(new AutowireCandidateQualifier(LineScoped.class, name));
        definition.setDescription("Line '" + name + "' for @LineScoped(\"" + name + "\")");
        return definition;
    }

}
