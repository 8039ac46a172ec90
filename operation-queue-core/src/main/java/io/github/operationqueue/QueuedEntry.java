package io.github.operationqueue;

import java.util.concurrent.CompletionStage;

/**
 * An operation on its way through the queue, as one <i>item</i> of the entry queue: the bare
 * {@link QueuedOperation} the user enqueued; a {@code QueuedEntry} around it when something must travel
 * with an {@code enqueue} (the operation a decorator made, the time it was accepted for listeners); or
 * a {@link SubmittedEntry}, which is also the future its {@code submit} returned.
 *
 * <p>Why three shapes: a plain {@code enqueue} on an undecorated queue with no listener is the common
 * case and the one whose cost the queue promises to keep at a pool's; storing the operation itself
 * keeps what the queue retains per operation to the entry queue's node, as a
 * {@code LinkedBlockingQueue} retains per {@code Runnable}. A {@code submit} keeps one object besides
 * the node, as a pool's {@code FutureTask} does. A user's operation can never be mistaken for a
 * wrapper: both wrappers are package-private and neither is a {@code QueuedOperation}. The static
 * methods read an item of any shape.
 */
final class QueuedEntry {

    /** What the queue stores when nothing travels with the operation: no wrapper. */
    static final long NOT_TIMED = Long.MIN_VALUE;

    final QueuedOperation operation;

    // What the user handed in, named in logs by its type only.
    final Object source;

    // Written before the entry is published to the queue, read by the runner that takes it.
    long acceptedAt = NOT_TIMED;

    QueuedEntry(QueuedOperation operation, Object source) {
        this.operation = operation;
        this.source = source;
    }

    /** Starts the item's operation: {@link QueuedOperation#perform()}, or the submitted call. */
    static CompletionStage<?> perform(Object item) throws Exception {
        if (item instanceof QueuedEntry entry) {
            return entry.operation.perform();
        }
        if (item instanceof SubmittedEntry submitted) {
            return submitted.perform();
        }
        return ((QueuedOperation) item).perform();
    }

    /** Records when a timed item was accepted; a bare operation has nowhere to keep it. */
    static void accepted(Object item, long nanos) {
        if (item instanceof QueuedEntry entry) {
            entry.acceptedAt = nanos;
        }
        else if (item instanceof SubmittedEntry submitted) {
            submitted.acceptedAt = nanos;
        }
    }

    /** When the item was accepted, or {@link #NOT_TIMED} if nobody listened when it was. */
    static long acceptedAt(Object item) {
        if (item instanceof QueuedEntry entry) {
            return entry.acceptedAt;
        }
        return (item instanceof SubmittedEntry submitted) ? submitted.acceptedAt : NOT_TIMED;
    }

    /**
     * Names the operation by its type. A lambda or method reference is named by the class that
     * wrote it: its generated class name ({@code MailClient$$Lambda/0x...}) differs between runs
     * and tells a reader nothing more.
     */
    static String describe(Object item) {
        Object source = (item instanceof QueuedEntry entry) ? entry.source
                : (item instanceof SubmittedEntry submitted) ? submitted.source : item;
        if (source == null) {
            return "(a submit already settled)";
        }
        Class<?> type = (source instanceof BlockingOperation blocking) ? blocking.bodyType() : source.getClass();
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda > 0 && (type.isSynthetic() || type.isHidden())) {
            return "(lambda in " + name.substring(0, lambda) + ")";
        }
        return name;
    }

    static boolean reportsOutcome(Object item) {
        return item instanceof SubmittedEntry;
    }

    static void succeeded(Object item, Object value) {
        if (item instanceof SubmittedEntry submitted) {
            submitted.settle(value, null);
        }
    }

    static void failed(Object item, Throwable failure) {
        if (item instanceof SubmittedEntry submitted) {
            submitted.settle(null, failure);
        }
    }
}
