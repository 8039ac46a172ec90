package io.github.operationqueue.autoconfigure;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The reflection a native image needs beyond what Spring AOT derives from the bean definitions:
 * the attributes of {@link LineScoped @LineScoped}, which the starter's resolver reads from each
 * injection point, and Spring when it matches one against the qualifiers of the {@code Line} beans.
 * (The properties' binding, the injected fields, the factory methods and the failure analyzers are
 * registered by Spring and Spring Boot themselves.)
 */
class OperationQueueRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection().registerType(LineScoped.class, MemberCategory.INVOKE_DECLARED_METHODS,
                MemberCategory.INVOKE_PUBLIC_METHODS);
    }

}
