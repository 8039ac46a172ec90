package io.github.operationqueue.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.operationqueue.line.Line;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@code Line} bean definitions that {@link LineScoped @LineScoped} injection
 * points resolve to, once every other bean definition is known: one per
 * {@code operation-queue.lines} entry and one per name found on an injection point (a field, or
 * a parameter of a constructor or method, {@code @Bean} methods included, of any bean class or
 * declared return type of a {@code @Bean} method), each qualified with its name; and one
 * prototype definition for the unnamed form. Each definition names {@link LineScopedLines} as its
 * factory bean, so Spring AOT writes them out as code; in an application processed ahead of time
 * they exist already and nothing is scanned, but a line configured since then fails the start, as
 * a queue does.
 *
 * <p>Line beans are not default candidates: only a {@code @LineScoped} injection point gets one.
 * A {@code @LineScoped} on anything but a {@code Line}, or with a name that is not kebab-case,
 * fails here with a {@link LineScopedMisuseException}.
 */
final class LineBeanDefinitionPostProcessor
        implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanClassLoaderAware, Ordered {

    /** Prefix of the bean name of each named line. */
    static final String LINE_BEAN_NAME_PREFIX = "operationQueueLine.";

    /** The bean name of the prototype definition behind the unnamed {@code @LineScoped}. */
    static final String DECLARING_CLASS_LINE_BEAN_NAME = "operationQueueDeclaringClassLine";

    static final String LINES = OperationQueueRegistrar.PREFIX + ".lines";

    private Environment environment;

    private ClassLoader classLoader;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
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
        Set<String> names = new LinkedHashSet<>(configured);
        Set<Class<?>> scanned = new LinkedHashSet<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            for (String className : classNames(registry.getBeanDefinition(beanName))) {
                for (Class<?> type = load(className); type != null && type != Object.class; type = type
                    .getSuperclass()) {
                    if (scanned.add(type)) {
                        scan(type, names);
                    }
                }
            }
        }
        for (String name : names) {
            String beanName = LINE_BEAN_NAME_PREFIX + name;
            if (!registry.containsBeanDefinition(beanName)) {
                registry.registerBeanDefinition(beanName, namedLine(name));
            }
        }
        if (!registry.containsBeanDefinition(DECLARING_CLASS_LINE_BEAN_NAME)) {
            registry.registerBeanDefinition(DECLARING_CLASS_LINE_BEAN_NAME, declaringClassLine());
        }
    }

    /**
     * A line configured since the application was processed ahead of time would otherwise not be
     * created at startup, and a {@code @LineScoped} point could not get it.
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

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    /**
     * The classes whose injection points a bean of {@code definition} may have: its bean class and,
     * for a {@code @Bean} method, the method's declared return type, whose fields and methods Spring
     * injects too (a {@code @Bean} method's definition names no bean class).
     */
    private static List<String> classNames(BeanDefinition definition) {
        List<String> classNames = new ArrayList<>(2);
        if (definition.getBeanClassName() != null) {
            classNames.add(definition.getBeanClassName());
        }
        if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null) {
            classNames.add(annotated.getFactoryMethodMetadata().getReturnTypeName());
        }
        return classNames;
    }

    private Class<?> load(String className) {
        try {
            return ClassUtils.forName(className, this.classLoader);
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return null;
        }
    }

    /** Collects the names of the {@code @LineScoped} injection points that {@code type} declares. */
    private static void scan(Class<?> type, Set<String> names) {
        // The JDK's and Spring's own classes declare no @LineScoped; skipping them keeps startup quick.
        if (type.getName().startsWith("java.") || type.getName().startsWith("org.springframework.")) {
            return;
        }
        try {
            for (Field field : type.getDeclaredFields()) {
                check(field.getAnnotation(LineScoped.class), field.getType(), describe(field),
                        field.isAnnotationPresent(Lazy.class), names);
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                scanParameters(constructor, names);
            }
            for (Method method : type.getDeclaredMethods()) {
                scanParameters(method, names);
            }
        }
        catch (LinkageError ex) {
            // A class whose members refer to types that are absent cannot declare a usable injection point.
        }
    }

    private static void scanParameters(Executable executable, Set<String> names) {
        Parameter[] parameters = executable.getParameters();
        for (int index = 0; index < parameters.length; index++) {
            Parameter parameter = parameters[index];
            // As Spring decides it: @Lazy on the parameter, or on a constructor, asks for a lazy proxy.
            boolean lazy = parameter.isAnnotationPresent(Lazy.class)
                    || (executable instanceof Constructor && executable.isAnnotationPresent(Lazy.class));
            check(parameter.getAnnotation(LineScoped.class), parameter.getType(), describe(executable, index), lazy,
                    names);
        }
    }

    private static void check(LineScoped lineScoped, Class<?> type, String point, boolean lazy, Set<String> names) {
        if (lineScoped == null) {
            return;
        }
        if (lazy) {
            throw new LineScopedMisuseException(point,
                    "@Lazy asks Spring for a lazy-resolution proxy of " + point + ", and the class "
                            + Line.class.getName() + " is final, so none can be made (nor written out by Spring AOT).",
                    "Remove @Lazy from " + point + " (on a constructor, move it to the parameters that need it): "
                            + "the shared line is created once and is as cheap to inject as a proxy.");
        }
        if (!Line.class.equals(type)) {
            throw new LineScopedMisuseException(point,
                    "@LineScoped is on " + point + " of type " + type.getName() + ", which is not the type "
                            + Line.class.getName() + ".",
                    "Declare " + point + " as " + Line.class.getName()
                            + ", or remove @LineScoped to inject something else.");
        }
        String name = lineScoped.value();
        if (name.isEmpty()) {
            return;
        }
        if (!OperationQueueNames.isValid(name)) {
            throw new LineScopedMisuseException(point,
                    "the line name '" + name + "' in @LineScoped on " + point
                            + " is not kebab-case ([a-z0-9]+(-[a-z0-9]+)*).",
                    "Rename the line to lowercase letters and digits joined by single hyphens, for example "
                            + "@LineScoped(\"" + OperationQueueNames.suggest(name)
                            + "\"), or leave the name out for the class's own line.");
        }
        names.add(name);
    }

    private static String describe(Field field) {
        return "field " + field.getDeclaringClass().getName() + "." + field.getName();
    }

    private static String describe(Executable executable, int index) {
        String owner = executable.getDeclaringClass().getName();
        String where = (executable instanceof Constructor) ? "constructor of " + owner
                : "method " + owner + "." + executable.getName() + "()";
        return "parameter " + index + " of the " + where;
    }

    private static RootBeanDefinition namedLine(String name) {
        RootBeanDefinition definition = lineDefinition("line");
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
        definition.addQualifier(new AutowireCandidateQualifier(LineScoped.class, name));
        definition.setDescription("Line '" + name + "' for @LineScoped(\"" + name + "\")");
        return definition;
    }

    /**
     * The unnamed {@code @LineScoped} matches this qualifier without a value (the annotation's
     * default, empty, applies); the factory method picks the line from the injection point, so
     * each injection asks it anew: a prototype handing out the shared line of the declaring class.
     */
    private static RootBeanDefinition declaringClassLine() {
        RootBeanDefinition definition = lineDefinition("declaringClassLine");
        definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
        // As for a @Bean method: the InjectionPoint argument is autowired.
        definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
        definition.addQualifier(new AutowireCandidateQualifier(LineScoped.class));
        definition.setDescription("The declaring class's own line, for @LineScoped without a name");
        return definition;
    }

    private static RootBeanDefinition lineDefinition(String factoryMethod) {
        RootBeanDefinition definition = new RootBeanDefinition(Line.class);
        definition.setFactoryBeanName(LineScopedLines.BEAN_NAME);
        definition.setFactoryMethodName(factoryMethod);
        definition.setDefaultCandidate(false);
        return definition;
    }

}
