package io.github.operationqueue.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Member;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;

/**
 * Resolves {@link LineScoped @LineScoped} injection points to the shared {@link Line} from the
 * {@link Lines} bean, and hands every other question to the resolver it decorates (normally
 * Spring's {@code ContextAnnotationAutowireCandidateResolver}, which keeps {@code @Qualifier},
 * {@code @Value} and {@code @Lazy} working).
 *
 * <p>Spring asks the resolver for a suggested value before it looks for candidate beans; that is
 * where the line is returned. The same path serves constructor parameters, {@code @Bean} method
 * parameters and fields (which {@code @LineScoped} marks as {@code @Autowired}).
 */
final class LineScopedResolver implements AutowireCandidateResolver, BeanFactoryAware {

    private final AutowireCandidateResolver delegate;

    private BeanFactory beanFactory;

    LineScopedResolver(AutowireCandidateResolver delegate) {
        this.delegate = delegate;
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
        if (!Line.class.equals(descriptor.getDependencyType())) {
            String point = describe(descriptor);
            throw new InvalidOperationQueueConfigurationException(point,
                    "@LineScoped is on " + point + " of type " + descriptor.getDependencyType().getName()
                            + ", which is not a " + Line.class.getName() + ".",
                    "Declare " + point + " as " + Line.class.getName()
                            + ", or remove @LineScoped to inject something else.");
        }
        return this.beanFactory.getBean(Lines.class).line(lineName(lineScoped, descriptor));
    }

    private static String lineName(LineScoped lineScoped, DependencyDescriptor descriptor) {
        String name = lineScoped.value();
        if (name.isEmpty()) {
            return declaringClass(descriptor).getName();
        }
        if (!OperationQueueNames.isValid(name)) {
            String point = describe(descriptor);
            throw new InvalidOperationQueueConfigurationException(point,
                    "the line name '" + name + "' in @LineScoped on " + point
                            + " is not kebab-case ([a-z0-9]+(-[a-z0-9]+)*).",
                    "Rename the line to lowercase letters and digits joined by single hyphens, for example @LineScoped(\""
                            + OperationQueueNames.suggest(name) + "\"), or leave the name out for the class's own line.");
        }
        return name;
    }

    /** The class that declares the injection point, without a CGLIB subclass of a configuration. */
    private static Class<?> declaringClass(DependencyDescriptor descriptor) {
        Field field = descriptor.getField();
        Class<?> declaring;
        if (field != null) {
            declaring = field.getDeclaringClass();
        }
        else {
            MethodParameter parameter = descriptor.getMethodParameter();
            declaring = (parameter != null) ? parameter.getDeclaringClass() : descriptor.getDeclaredType();
        }
        return ClassUtils.getUserClass(declaring);
    }

    private static String describe(DependencyDescriptor descriptor) {
        Field field = descriptor.getField();
        if (field != null) {
            return "field " + ClassUtils.getUserClass(field.getDeclaringClass()).getName() + "." + field.getName();
        }
        MethodParameter parameter = descriptor.getMethodParameter();
        if (parameter == null) {
            return "injection point " + descriptor;
        }
        Member member = parameter.getMember();
        String owner = ClassUtils.getUserClass(member.getDeclaringClass()).getName();
        String where = (parameter.getConstructor() != null) ? "constructor of " + owner
                : "method " + owner + "." + member.getName() + "()";
        return "parameter " + parameter.getParameterIndex() + " of the " + where;
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder bdHolder, DependencyDescriptor descriptor) {
        return this.delegate.isAutowireCandidate(bdHolder, descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
        return this.delegate.isRequired(descriptor);
    }

    @Override
    public String getSuggestedName(DependencyDescriptor descriptor) {
        return this.delegate.getSuggestedName(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
        return this.delegate.hasQualifier(descriptor);
    }

    /**
     * Returns no proxy for a {@code @LineScoped} injection point, even under {@code @Lazy}: a
     * {@link Line} is final, so no lazy-resolution proxy can be made of it, and the shared line is
     * as cheap to inject as a proxy would be. Hands every other injection point to the delegate.
     */
    @Override
    public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
        if (descriptor.getAnnotation(LineScoped.class) != null) {
            return null;
        }
        return this.delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    /**
     * Returns no proxy class for a {@code @LineScoped} injection point, for the reason given at
     * {@link #getLazyResolutionProxyIfNecessary}; hands every other injection point to the delegate.
     */
    @Override
    public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
        if (descriptor.getAnnotation(LineScoped.class) != null) {
            return null;
        }
        return this.delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
        return new LineScopedResolver(this.delegate.cloneIfNecessary());
    }

}
