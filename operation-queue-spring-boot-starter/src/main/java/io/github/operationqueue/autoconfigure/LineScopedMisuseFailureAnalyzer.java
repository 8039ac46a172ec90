package io.github.operationqueue.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Describes a {@link LineScopedMisuseException} as the code problem it is: the description names
 * the injection point and what is wrong with it, the action says how to change the code.
 * Registered in {@code META-INF/spring.factories}.
 */
public class LineScopedMisuseFailureAnalyzer extends AbstractFailureAnalyzer<LineScopedMisuseException> {

    /**
     * Creates the analyzer; Spring Boot instantiates it from {@code META-INF/spring.factories}.
     */
    public LineScopedMisuseFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LineScopedMisuseException cause) {
        String description = "@LineScoped is misused in the application's code (not its configuration), at "
                + cause.getInjectionPoint() + ": " + cause.getReason();
        return new FailureAnalysis(description, cause.getAction(), cause);
    }

}
