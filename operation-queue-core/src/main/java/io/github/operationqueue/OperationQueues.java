package io.github.operationqueue;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The queues of an application by name, for code that looks a queue up at run time and for
 * observers (metrics, endpoints, health) that must see every queue, including those registered
 * later. The Spring Boot starter publishes one as a bean holding every {@link OperationQueue}
 * bean.
 *
 * <p>Thread-safe. Registration and {@link #onRegistered} are serialized, so each action sees
 * each queue exactly once; lookups and iteration take no lock. Iteration and {@link #names()} are in name order and weakly consistent: they
 * see the queues registered when they began and may or may not see later ones.
 */
public final class OperationQueues implements Iterable<OperationQueue> {

    private final ConcurrentSkipListMap<String, OperationQueue> queues = new ConcurrentSkipListMap<>();

    private final List<Consumer<OperationQueue>> registrationActions = new CopyOnWriteArrayList<>();

    /** Creates an empty registry. */
    public OperationQueues() {
    }

    /**
     * Adds {@code queue} under its {@link OperationQueue#name() name} and runs every
     * {@link #onRegistered registration action} for it on the calling thread.
     *
     * @param queue the queue to add
     * @throws NullPointerException if {@code queue} is {@code null}
     * @throws IllegalStateException if another queue with the same name is registered
     */
    public synchronized void register(OperationQueue queue) {
        Objects.requireNonNull(queue, "queue must not be null");
        OperationQueue existing = this.queues.putIfAbsent(queue.name(), queue);
        if (existing == queue) {
            return;
        }
        if (existing != null) {
            throw new IllegalStateException("Two operation queues are named '" + queue.name()
                    + "'; give each queue its own name");
        }
        this.registrationActions.forEach((action) -> action.accept(queue));
    }

    /**
     * Runs {@code action} for every queue registered now and for each queue registered later;
     * later calls run on the thread that registers the queue.
     *
     * @param action what to do with each queue, such as binding its meters
     * @throws NullPointerException if {@code action} is {@code null}
     */
    public synchronized void onRegistered(Consumer<OperationQueue> action) {
        Objects.requireNonNull(action, "action must not be null");
        this.registrationActions.add(action);
        this.queues.values().forEach(action);
    }

    /**
     * Returns a future that completes once every queue registered now has been idle (see
     * {@link OperationQueue#whenIdle()}) at some moment after this call. The moments may differ from
     * queue to queue: all queues idle at one instant is not promised, and a queue that one queue's
     * operation feeds may be busy again by the time the future completes. Queues registered after
     * this call are not waited for. Meant for tests that wait for the work they started to settle.
     *
     * <p>Threads: never blocks; completes on the thread that completes the last queue's
     * {@code whenIdle()} future, or on the calling thread.
     *
     * @return a future that completes when each queue registered now has been idle since the call
     */
    public CompletableFuture<Void> whenIdle() {
        return CompletableFuture.allOf(this.queues.values()
            .stream()
            .map(OperationQueue::whenIdle)
            .toArray(CompletableFuture[]::new));
    }

    /**
     * Returns the queue with this name.
     *
     * @param name the queue's name
     * @return the queue
     * @throws NoSuchElementException if there is none; the message lists the known names
     */
    public OperationQueue get(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException(
                "No operation queue is named '" + name + "'; known queues: " + names()));
    }

    /**
     * Returns the queue with this name, if there is one.
     *
     * @param name the queue's name
     * @return the queue, or an empty optional
     */
    public Optional<OperationQueue> find(String name) {
        return (name != null) ? Optional.ofNullable(this.queues.get(name)) : Optional.empty();
    }

    /**
     * Returns the names of the registered queues, in order.
     *
     * @return an unmodifiable snapshot of the names
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(this.queues.keySet()));
    }

    /**
     * Returns the registered queues in name order.
     *
     * @return a weakly consistent iterator that does not support removal
     */
    @Override
    public Iterator<OperationQueue> iterator() {
        return Collections.unmodifiableCollection(this.queues.values()).iterator();
    }
}
