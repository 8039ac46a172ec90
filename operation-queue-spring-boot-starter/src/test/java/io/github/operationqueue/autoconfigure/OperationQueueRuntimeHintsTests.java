package io.github.operationqueue.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints the starter adds for a native image; {@code OperationQueueAotTests} checks that they
 * reach the metadata Spring AOT writes for an application.
 */
class OperationQueueRuntimeHintsTests {

    @Test
    void letsSpringReadTheAttributesOfLineScoped() {
        RuntimeHints hints = new RuntimeHints();
        new OperationQueueRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(RuntimeHintsPredicates.reflection()
            .onType(LineScoped.class)
            .withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LineScoped.class, "value")).accepts(hints);
    }

    @Test
    void isImportedByTheAutoConfiguration() {
        assertThat(OperationQueueAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class).value())
            .containsExactly(OperationQueueRuntimeHints.class);
    }

}
