package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;

/**
 * An operation on its way through the queue: what to perform, what to name it by in logs, and,
 * for {@link OperationQueue#submit}, the future that reports its outcome.
 */
final class QueuedEntry {

    final QueuedOperation operation;

    // What the user handed in, named in logs by its type only.
    final Object source;

    // Null for a plain enqueue: only submit reports an operation's own outcome.
    final CompletableFuture<Object> outcome;

    // Written before the entry is published to the queue, read by the runner that takes it.
    long acceptedAt;

    QueuedEntry(QueuedOperation operation, Object source, CompletableFuture<Object> outcome) {
        this.operation = operation;
        this.source = source;
        this.outcome = outcome;
    }

    /**
     * Names the operation by its type. A lambda or method reference is named by the class that
     * wrote it: its generated class name ({@code MailClient$$Lambda/0x...}) differs between runs
     * and tells a reader nothing more.
     */
    String describe() {
        Class<?> type = (this.source instanceof BlockingOperation blocking) ? blocking.bodyType() : this.source.getClass();
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda > 0 && (type.isSynthetic() || type.isHidden())) {
            return "(lambda in " + name.substring(0, lambda) + ")";
        }
        return name;
    }

    boolean reportsOutcome() {
        return this.outcome != null;
    }

    void succeeded(Object value) {
        if (this.outcome != null) {
            this.outcome.complete(value);
        }
    }

    void failed(Throwable failure) {
        if (this.outcome != null) {
            this.outcome.completeExceptionally(failure);
        }
    }
}
