package io.github.operationqueue.autoconfigure;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Describes a {@link LineScoped @LineScoped} injection point that got no line: nothing in the
 * application resolves {@code @LineScoped}, because the starter's auto-configuration is off. The
 * description names the line and the injection point, the action how to turn the starter back on.
 * Ordered before Spring Boot's own analysis of a missing bean, which would only say that no
 * {@code Line} bean exists. Registered in {@code META-INF/spring.factories}.
 */
public class LineScopedUnresolvedFailureAnalyzer implements FailureAnalyzer, Ordered {

    /**
     * Creates the analyzer; Spring Boot instantiates it from {@code META-INF/spring.factories}.
     */
    public LineScopedUnresolvedFailureAnalyzer() {
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnsatisfiedDependencyException unsatisfied
                    && unsatisfied.getCause() instanceof NoSuchBeanDefinitionException
                    && unsatisfied.getInjectionPoint() != null
                    && unsatisfied.getInjectionPoint().getAnnotation(LineScoped.class) != null) {
                return analyze(unsatisfied.getInjectionPoint(), failure);
            }
        }
        return null;
    }

    private static FailureAnalysis analyze(InjectionPoint injectionPoint, Throwable failure) {
        String name = injectionPoint.getAnnotation(LineScoped.class).value();
        String line = name.isEmpty() ? "the declaring class's own line" : "line '" + name + "'";
        String point = LineScopedResolver.describe(injectionPoint);
        String description = "No line could be injected into " + point + ": it asks for " + line
                + " with @LineScoped, and nothing in this application resolves @LineScoped. The operation-queue "
                + "auto-configuration, which does, is off: operation-queue.enabled=false is set, or "
                + OperationQueueAutoConfiguration.class.getSimpleName() + " is excluded.";
        String action = "Remove operation-queue.enabled=false (or the exclusion of "
                + OperationQueueAutoConfiguration.class.getName() + ") so that the starter provides the line, or "
                + "remove @LineScoped from " + point + " and pass a Line of your own.";
        return new FailureAnalysis(description, action, failure);
    }

}
