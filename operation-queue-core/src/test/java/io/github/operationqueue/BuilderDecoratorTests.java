package io.github.operationqueue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.operationqueue.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@link OperationQueue.Builder#decorator(OperationDecorator)} adds: code that is handed a builder
 * cannot drop a decorator set before it.
 */
class BuilderDecoratorTests {

    private final ManualExecutor executor = new ManualExecutor();

    @Test
    void everyDecoratorAddedIsAppliedTheFirstOutermost() {
        List<String> events = new CopyOnWriteArrayList<>();
        OperationQueue queue = OperationQueue.builder()
            .executor(this.executor)
            .decorator(recording("context", events))
            .decorator(recording("observation", events))
            .build();
        queue.start(1);
        queue.submit(() -> {
            events.add("perform");
            return CompletableFuture.completedFuture(null);
        });
        this.executor.runAll();

        assertThat(events).containsExactly("decorate observation", "decorate context", "enter context",
                "enter observation", "perform");
    }

    @Test
    void theBuilderReportsTheComposition() {
        List<String> events = new CopyOnWriteArrayList<>();
        OperationQueue.Builder builder = OperationQueue.builder().decorator(recording("first", events));
        builder.decorator(recording("second", events));
        builder.decorator().decorate(() -> CompletableFuture.completedFuture(null));

        assertThat(events).containsExactly("decorate second", "decorate first");
    }

    @Test
    void refusesANullDecorator() {
        assertThatNullPointerException().isThrownBy(() -> OperationQueue.builder().decorator(null))
            .withMessageContaining("decorator");
    }

    private static OperationDecorator recording(String name, List<String> events) {
        return (operation) -> {
            events.add("decorate " + name);
            return () -> {
                events.add("enter " + name);
                return operation.perform();
            };
        };
    }

}
