package io.github.operationqueue.autoconfigure;

import java.lang.reflect.Field;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;

/**
 * The factory bean of the {@code Line} bean definitions that {@link LineScoped @LineScoped}
 * injection points resolve to: it hands out the shared line of a name from the application's
 * {@link Lines} registry, creating it on first use.
 */
final class LineScopedLines {

    /** The name of this factory's bean, which every line bean definition names. */
    static final String BEAN_NAME = "operationQueueLineScopedLines";

    private final ObjectProvider<Lines> lines;

    LineScopedLines(ObjectProvider<Lines> lines) {
        this.lines = lines;
    }

    /** The factory method of a named line's bean definition. */
    Line line(String name) {
        return this.lines.getObject().line(name);
    }

    /**
     * The factory method of the prototype definition behind the unnamed {@code @LineScoped}: the
     * line named after the class that declares the injection point (for a {@code @Bean} method
     * parameter, the configuration class, without its CGLIB subclass).
     */
    Line declaringClassLine(InjectionPoint injectionPoint) {
        return line(declaringClass(injectionPoint).getName());
    }

    private static Class<?> declaringClass(InjectionPoint injectionPoint) {
        Field field = injectionPoint.getField();
        if (field != null) {
            return ClassUtils.getUserClass(field.getDeclaringClass());
        }
        MethodParameter parameter = injectionPoint.getMethodParameter();
        return ClassUtils.getUserClass(parameter.getDeclaringClass());
    }

}
