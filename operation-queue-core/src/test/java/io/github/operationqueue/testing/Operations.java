package io.github.operationqueue.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.operationqueue.QueuedOperation;

/**
 * Asynchronous test operations whose stages the test completes by hand, recording the order in
 * which they were started.
 */
public final class Operations {

    private final List<Integer> started = new CopyOnWriteArrayList<>();

    private final List<CompletableFuture<Void>> stages = new CopyOnWriteArrayList<>();

    /** An operation that records {@code id} when it starts and stays pending until completed. */
    public QueuedOperation pending(int id) {
        return () -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            this.stages.add(stage);
            this.started.add(id);
            return stage;
        };
    }

    /** An operation that records {@code id} and completes at once. */
    public QueuedOperation immediate(int id) {
        return () -> {
            this.started.add(id);
            return CompletableFuture.completedFuture(null);
        };
    }

    public List<Integer> started() {
        return List.copyOf(this.started);
    }

    /** Completes the stage of the {@code index}-th started operation. */
    public void complete(int index) {
        this.stages.get(index).complete(null);
    }

    public int pendingStages() {
        return (int) this.stages.stream().filter((stage) -> !stage.isDone()).count();
    }
}
