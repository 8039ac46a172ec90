package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;

/**
 * An operation on its way through the queue, as one <i>item</i> of the entry queue: either the bare
 * {@link QueuedOperation} the user enqueued, or a {@code QueuedEntry} around it when something must
 * travel with it (the future of a {@code submit}, the operation a decorator made, the time it was
 * accepted for listeners).
 *
 * <p>Why two shapes: a plain {@code enqueue} on an undecorated queue with no listener is the common
 * case and the one whose cost the queue promises to keep at a pool's; storing the operation itself
 * keeps what the queue retains per operation to the entry queue's node, as a
 * {@code LinkedBlockingQueue} retains per {@code Runnable}. A user's operation can never be mistaken
 * for a wrapper: this class is package-private and is not a {@code QueuedOperation}. The static
 * methods read an item of either shape.
 */
final class QueuedEntry {

    /** What the queue stores when nothing travels with the operation: no wrapper. */
    static final long NOT_TIMED = Long.MIN_VALUE;

    final QueuedOperation operation;

    // What the user handed in, named in logs by its type only.
    final Object source;

    // Null unless submit reports the operation's own outcome.
    final CompletableFuture<Object> outcome;

    // Written before the entry is published to the queue, read by the runner that takes it.
    long acceptedAt = NOT_TIMED;

    QueuedEntry(QueuedOperation operation, Object source, CompletableFuture<Object> outcome) {
        this.operation = operation;
        this.source = source;
        this.outcome = outcome;
    }

    static QueuedOperation operation(Object item) {
        return (item instanceof QueuedEntry entry) ? entry.operation : (QueuedOperation) item;
    }

    /** When the item was accepted, or {@link #NOT_TIMED} if nobody listened when it was. */
    static long acceptedAt(Object item) {
        return (item instanceof QueuedEntry entry) ? entry.acceptedAt : NOT_TIMED;
    }

    /**
     * Names the operation by its type. A lambda or method reference is named by the class that
     * wrote it: its generated class name ({@code MailClient$$Lambda/0x...}) differs between runs
     * and tells a reader nothing more.
     */
    static String describe(Object item) {
        Object source = (item instanceof QueuedEntry entry) ? entry.source : item;
        Class<?> type = (source instanceof BlockingOperation blocking) ? blocking.bodyType() : source.getClass();
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda > 0 && (type.isSynthetic() || type.isHidden())) {
            return "(lambda in " + name.substring(0, lambda) + ")";
        }
        return name;
    }

    static boolean reportsOutcome(Object item) {
        return item instanceof QueuedEntry entry && entry.outcome != null;
    }

    static void succeeded(Object item, Object value) {
        if (item instanceof QueuedEntry entry && entry.outcome != null) {
            entry.outcome.complete(value);
        }
    }

    static void failed(Object item, Throwable failure) {
        if (item instanceof QueuedEntry entry && entry.outcome != null) {
            entry.outcome.completeExceptionally(failure);
        }
    }
}
