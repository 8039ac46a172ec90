package io.github.operationqueue.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Describes an {@link InvalidOperationQueueConfigurationException}: the description names the
 * property (or injection point) and what is wrong with it, the action says how to fix it.
 * Registered in {@code META-INF/spring.factories}.
 */
public class OperationQueueFailureAnalyzer extends AbstractFailureAnalyzer<InvalidOperationQueueConfigurationException> {

    /**
     * Creates the analyzer; Spring Boot instantiates it from {@code META-INF/spring.factories}.
     */
    public OperationQueueFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidOperationQueueConfigurationException cause) {
        String description = "Invalid operation-queue configuration at '" + cause.getPropertyPath() + "': "
                + cause.getReason();
        return new FailureAnalysis(description, cause.getAction(), cause);
    }

}
