package io.github.operationqueue.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.context.annotation.Lazy;
import org.springframework.util.ClassUtils;

/**
 * Supplies the lines of {@code @Lazy @LineScoped} constructor and {@code @Bean} method parameters
 * as explicit arguments of the bean definition that declares them.
 *
 * <p>{@code @Lazy} makes Spring inject a lazy-resolution proxy, and a {@code Line} is final, so
 * none can be made: the injection would fail. An explicit argument (a reference to the line's
 * bean) is used as it is, which injects the shared line itself, as cheap as a proxy would be. It
 * is a plain bean definition value, so Spring AOT writes it out too.
 */
final class LazyLineArguments {

    private LazyLineArguments() {
    }

    /**
     * Adds an argument to {@code definition} for each {@code @Lazy @LineScoped} parameter of its
     * constructors, or of its factory method, and the name of each such line to {@code names}.
     *
     * @param beanClass the bean's class, or {@code null} if unknown
     * @param factoryClass the class of its factory bean, or {@code null} for none
     */
    static void supply(BeanDefinition definition, Class<?> beanClass, Class<?> factoryClass, Set<String> names) {
        for (Executable executable : executables(definition, beanClass, factoryClass)) {
            Parameter[] parameters = executable.getParameters();
            for (int index = 0; index < parameters.length; index++) {
                LineScoped lineScoped = parameters[index].getAnnotation(LineScoped.class);
                if (lineScoped != null && isLazy(executable, parameters[index])) {
                    String name = lineScoped.value().isEmpty()
                            ? ClassUtils.getUserClass(executable.getDeclaringClass()).getName() : lineScoped.value();
                    names.add(name);
                    ConstructorArgumentValues arguments = definition.getConstructorArgumentValues();
                    if (!arguments.hasIndexedArgumentValue(index)) {
                        arguments.addIndexedArgumentValue(index,
                                new RuntimeBeanReference(LineBeanDefinitionPostProcessor.LINE_BEAN_NAME_PREFIX + name));
                    }
                }
            }
        }
    }

    private static List<Executable> executables(BeanDefinition definition, Class<?> beanClass,
            Class<?> factoryClass) {
        List<Executable> executables = new ArrayList<>();
        String factoryMethod = definition.getFactoryMethodName();
        try {
            if (factoryMethod != null) {
                Class<?> declaring = (factoryClass != null) ? factoryClass : beanClass;
                for (Class<?> type = declaring; type != null && type != Object.class; type = type.getSuperclass()) {
                    for (Method method : type.getDeclaredMethods()) {
                        if (method.getName().equals(factoryMethod)) {
                            executables.add(method);
                        }
                    }
                }
            }
            else if (beanClass != null) {
                for (Constructor<?> constructor : beanClass.getDeclaredConstructors()) {
                    executables.add(constructor);
                }
            }
        }
        catch (LinkageError ex) {
            // A class whose members refer to types that are absent cannot declare a usable injection point.
        }
        return executables;
    }

    /** As Spring decides it: {@code @Lazy} on the parameter, or on a constructor. */
    private static boolean isLazy(Executable executable, Parameter parameter) {
        return parameter.isAnnotationPresent(Lazy.class)
                || (executable instanceof Constructor && executable.isAnnotationPresent(Lazy.class));
    }

}
