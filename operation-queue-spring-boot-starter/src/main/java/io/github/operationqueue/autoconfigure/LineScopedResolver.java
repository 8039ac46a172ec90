package io.github.operationqueue.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Member;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Resolves each {@link LineScoped @LineScoped} injection point to its shared {@link Line} at the
 * moment Spring injects it, and hands every other question to the resolver it decorates
 * (normally Spring's {@code ContextAnnotationAutowireCandidateResolver}, which keeps
 * {@code @Qualifier}, {@code @Value} and {@code @Lazy} working).
 *
 * <p>Spring asks the resolver for a suggested value before it looks for candidate beans, as it
 * does for {@code @Value}; that is where the line is returned. Every injection point Spring
 * resolves goes through it: constructor, {@code @Bean} method and other method parameters, and
 * fields, of any bean, whatever type its definition declared or whenever the definition was
 * registered, also in an application processed ahead of time (the generated code resolves each
 * dependency through the bean factory too). Nothing is scanned at startup.
 *
 * <p>Failure: {@code @LineScoped} on a type other than {@code Line} (or an {@code Optional} or
 * {@code ObjectProvider} of one), with a name that is not kebab-case, or with {@code @Lazy}
 * throws a {@link LineScopedMisuseException} when the point is injected, which fails the start
 * for a singleton.
 */
final class LineScopedResolver implements AutowireCandidateResolver, BeanFactoryAware {

    private final AutowireCandidateResolver delegate;

    private BeanFactory beanFactory;

    private LineScopedResolver(AutowireCandidateResolver delegate) {
        this.delegate = delegate;
    }

    /**
     * Decorates the resolver of {@code beanFactory} once; a bean factory that is no
     * {@link DefaultListableBeanFactory} has no resolver to decorate, and is left as it is.
     */
    static void install(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory instanceof DefaultListableBeanFactory listable
                && !(listable.getAutowireCandidateResolver() instanceof LineScopedResolver)) {
            listable.setAutowireCandidateResolver(new LineScopedResolver(listable.getAutowireCandidateResolver()));
        }
    }

    /** Called by the bean factory the resolver is installed in, and by each factory it is copied to. */
    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        if (this.delegate instanceof BeanFactoryAware aware) {
            aware.setBeanFactory(beanFactory);
        }
    }

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        LineScoped lineScoped = descriptor.getAnnotation(LineScoped.class);
        if (lineScoped == null) {
            return this.delegate.getSuggestedValue(descriptor);
        }
        checkNotLazy(descriptor);
        if (!Line.class.equals(descriptor.getDependencyType())) {
            String point = describe(descriptor);
            throw new LineScopedMisuseException(point,
                    "@LineScoped is on " + point + " of type " + descriptor.getDependencyType().getName()
                            + ", which is not the type " + Line.class.getName() + ".",
                    "Declare " + point + " as " + Line.class.getName()
                            + ", or remove @LineScoped to inject something else.");
        }
        return this.beanFactory.getBeanProvider(Lines.class).getObject().line(lineName(lineScoped, descriptor));
    }

    private static String lineName(LineScoped lineScoped, DependencyDescriptor descriptor) {
        String name = lineScoped.value();
        if (name.isEmpty()) {
            return declaringClass(descriptor).getName();
        }
        if (!OperationQueueNames.isValid(name)) {
            String point = describe(descriptor);
            throw new LineScopedMisuseException(point,
                    "the line name '" + name + "' in @LineScoped on " + point
                            + " is not kebab-case ([a-z0-9]+(-[a-z0-9]+)*).",
                    "Rename the line to lowercase letters and digits joined by single hyphens, for example "
                            + "@LineScoped(\"" + OperationQueueNames.suggest(name)
                            + "\"), or leave the name out for the class's own line.");
        }
        return name;
    }

    /**
     * {@code @Lazy} asks for a lazy-resolution proxy, and a {@code Line} is final: Spring would fail
     * with a proxy error that does not say why. Decided as Spring decides it: {@code @Lazy} on the
     * point, or on a constructor or a {@code void} method for all of its parameters.
     */
    private static void checkNotLazy(DependencyDescriptor descriptor) {
        boolean lazy = false;
        for (Annotation annotation : descriptor.getAnnotations()) {
            Lazy found = AnnotationUtils.getAnnotation(annotation, Lazy.class);
            lazy = lazy || (found != null && found.value());
        }
        MethodParameter parameter = descriptor.getMethodParameter();
        if (parameter != null && (parameter.getMethod() == null || void.class == parameter.getMethod().getReturnType())) {
            Lazy found = AnnotationUtils.getAnnotation(parameter.getAnnotatedElement(), Lazy.class);
            lazy = lazy || (found != null && found.value());
        }
        if (lazy) {
            String point = describe(descriptor);
            throw new LineScopedMisuseException(point,
                    "@Lazy asks Spring for a lazy-resolution proxy of " + point + ", and the class "
                            + Line.class.getName() + " is final, so none can be made (nor written out by Spring AOT).",
                    "Remove @Lazy from " + point + " (on a constructor, move it to the parameters that need it): "
                            + "the shared line is created once and is as cheap to inject as a proxy.");
        }
    }

    /** The class that declares the injection point, without the CGLIB subclass of a configuration. */
    private static Class<?> declaringClass(InjectionPoint injectionPoint) {
        Field field = injectionPoint.getField();
        Member member = (field != null) ? field : injectionPoint.getMember();
        return ClassUtils.getUserClass(member.getDeclaringClass());
    }

    /** Names an injection point as a user finds it in the code, e.g. {@code field com.example.Mail.authLine}. */
    static String describe(InjectionPoint injectionPoint) {
        Field field = injectionPoint.getField();
        String owner = declaringClass(injectionPoint).getName();
        if (field != null) {
            return "field " + owner + "." + field.getName();
        }
        MethodParameter parameter = injectionPoint.getMethodParameter();
        String where = (parameter.getConstructor() != null) ? "constructor of " + owner
                : "method " + owner + "." + parameter.getMember().getName() + "()";
        return "parameter " + parameter.getParameterIndex() + " of the " + where;
    }

    @Override
    public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
        if (descriptor.getAnnotation(LineScoped.class) != null) {
            checkNotLazy(descriptor);
            return null;
        }
        return this.delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    /** Asked by Spring AOT for each injection point, so a {@code @Lazy @LineScoped} fails there too. */
    @Override
    public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
        if (descriptor.getAnnotation(LineScoped.class) != null) {
            checkNotLazy(descriptor);
            return null;
        }
        return this.delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder holder, DependencyDescriptor descriptor) {
        return this.delegate.isAutowireCandidate(holder, descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
        return this.delegate.isRequired(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
        return this.delegate.hasQualifier(descriptor);
    }

    @Override
    public String getSuggestedName(DependencyDescriptor descriptor) {
        return this.delegate.getSuggestedName(descriptor);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
        AutowireCandidateResolver clone = this.delegate.cloneIfNecessary();
        return (clone == this.delegate) ? this : new LineScopedResolver(clone);
    }

}
