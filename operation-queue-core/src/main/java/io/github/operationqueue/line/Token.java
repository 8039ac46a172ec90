package io.github.operationqueue.line;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof that the caller holds its {@link Line}: while a token is open, every other attempt to acquire
 * the line fails. Closing the token frees the line and wakes its waiters.
 *
 * <p>Use it in try-with-resources, or make sure some path always closes it: a token that is never
 * closed keeps its line busy for good. A token may be closed by any thread, not only the one that
 * acquired it.
 *
 * <p>Each token stands for one acquisition of its line. Closing it a second time, or after the line
 * was acquired again, does nothing: a stale token never releases a later holder.
 *
 * <p>Memory consistency: actions of a thread before it closes a token
 * <a href="package-summary.html#MemoryConsistency"><i>happen-before</i></a> actions that follow the
 * completion of any waiter's future for this acquisition, and actions that follow a later successful
 * acquisition of the line.
 */
public final class Token implements AutoCloseable {

    private final Line line;

    /** Distinguishes this acquisition from every other of the same line; increasing, with gaps. */
    private final long generation;

    private final long acquiredAtNanos;

    /*
     * Waiters. Every waiter of this acquisition is a WaiterFuture pushed on an intrusive Treiber stack
     * whose top is `top`: one compare-and-set to push, no other object per waiter. The release takes
     * the whole stack with one getAndSet to RELEASED and completes each waiter; a waiter that finds
     * RELEASED on top completes at once, which closes the gap between "read the holder" and "hand out
     * the future": no wake-up can be lost. RELEASED is terminal and no node is pushed twice, so the
     * compare-and-set has no ABA problem.
     *
     * Waiters are completed most recent first, as the CompletableFuture stack this replaces did; no
     * order is promised. A waiter that gives up stays in the stack (small: no stack trace) until the
     * release, or until a later push finds it with only done waiters above it and links past it.
     */

    /** Stands on top of the stack once this acquisition was released; never handed out nor completed. */
    private static final WaiterFuture RELEASED = new WaiterFuture();

    private static final Logger logger = LoggerFactory.getLogger(Token.class);

    /** The waiter that arrived last and is still linked, null if none, or {@link #RELEASED}. */
    private final AtomicReference<WaiterFuture> top = new AtomicReference<>();

    /** Set once, when a distributed line finds the shared lock behind this token lost while it is held. */
    private volatile boolean leaseLost;

    /** The failure of the {@link Line#coalesce} handler that held this token, if any; written before the waiters are taken. */
    private volatile Throwable handlerFailure;

    Token(Line line, long generation, long acquiredAtNanos) {
        this.line = Objects.requireNonNull(line, "line");
        this.generation = generation;
        this.acquiredAtNanos = acquiredAtNanos;
    }

    /**
     * Returns the line this token was acquired from.
     *
     * @return the line, never {@code null}
     */
    public Line line() {
        return this.line;
    }

    /**
     * Releases the line if this token still holds it, then completes the future of every waiter of
     * this acquisition.
     *
     * <p>Thread: never blocks. The waiters' futures are completed on the calling thread, so their
     * non-async dependent stages run here too, before this method returns.
     *
     * <p>Failure: never throws. Idempotent: a second call, or a call on a stale token, has no effect.
     * The line is freed before any waiter is signalled, so a failure while signalling cannot leave the
     * line busy; listener failures are caught and logged.
     */
    @Override
    public void close() {
        this.line.release(this, null);
    }

    /**
     * Tells whether the shared lock behind this token was found lost while the token was held: on a
     * distributed line, the lease could not be renewed in time (its holder was cut off from the store,
     * or paused) or the store reports it expired, so another process may hold the line as well. The line
     * has then also logged a WARN and told its listeners ({@link LineListener#leaseLost}).
     *
     * <p>This is advice, not mutual exclusion. A holder that reads {@code false} here can still be paused
     * (a garbage collection, a stopped VM) between this check and its write, for longer than the lease
     * has left; checking before a commit narrows that window but cannot close it. Work that must never
     * run twice needs the resource it writes to refuse a stale holder: a fencing token that grows with
     * each acquisition and that the resource checks on every write. Spring Integration's lock registries
     * hand out no such token, so a shared line cannot offer one; keep such work idempotent, or make the
     * resource do the check (for example a compare-and-set on the version of what it replaces).
     *
     * <p>Thread: never blocks; may be read from any thread. Once {@code true}, stays {@code true}.
     *
     * @return whether the lease was lost; always {@code false} on a local line
     */
    public boolean isLeaseLost() {
        return this.leaseLost;
    }

    void markLeaseLost() {
        this.leaseLost = true;
    }

    long generation() {
        return this.generation;
    }

    long acquiredAtNanos() {
        return this.acquiredAtNanos;
    }

    /**
     * Counts the waiters of this acquisition whose futures are not yet complete nor cancelled, by
     * walking the stack: a snapshot, linear in the number of waiters still linked.
     */
    int waiters() {
        int count = 0;
        for (WaiterFuture waiter = this.top.get(); waiter != null && waiter != RELEASED; waiter = waiter.next) {
            if (!waiter.isDone()) {
                count++;
            }
        }
        return count;
    }

    Throwable handlerFailure() {
        return this.handlerFailure;
    }

    /**
     * Hands out a new future that completes when this acquisition is released, at once if it already
     * was. Completing or cancelling it touches nothing else; it is counted in {@link #waiters()} until
     * then.
     */
    CompletableFuture<Void> newWaiter() {
        WaiterFuture waiter = new WaiterFuture();
        for (;;) {
            WaiterFuture above = this.top.get();
            if (above == RELEASED) {
                // A push that lost to the release may have linked this waiter already.
                waiter.next = null;
                waiter.complete(null);
                return waiter;
            }
            // Waiters that gave up and lie on top are dropped here rather than kept until the release.
            WaiterFuture below = above;
            while (below != null && below.isDone()) {
                below = below.next;
            }
            waiter.next = below;
            if (this.top.compareAndSet(above, waiter)) {
                unlinkDropped(above, below);
                return waiter;
            }
        }
    }

    /**
     * Clears the links of the done waiters a push has just linked past, from {@code dropped} down to
     * {@code kept}: the release never reaches them, so a dropped waiter that its caller keeps would keep
     * the waiter below it. Safe once the push has succeeded: no other push can still start from them (none
     * is on top again) and the release takes the stack from the new top, which links past them.
     */
    private static void unlinkDropped(WaiterFuture dropped, WaiterFuture kept) {
        WaiterFuture waiter = dropped;
        while (waiter != kept && waiter != null) {
            WaiterFuture below = waiter.next;
            waiter.next = null;
            waiter = below;
        }
    }

    /**
     * Completes every waiter; called once, by the thread that freed the line for this acquisition (a
     * later call does nothing). The waiters run their non-async dependents on this thread, most recent
     * waiter first.
     *
     * @return how many waiters this completed (those cancelled or completed by their callers excluded)
     */
    int signalReleased(Throwable failure) {
        if (this.top.get() == RELEASED) {
            return 0;
        }
        this.handlerFailure = failure;
        WaiterFuture waiter = this.top.getAndSet(RELEASED);
        if (waiter == RELEASED) {
            return 0;
        }
        int signalled = 0;
        while (waiter != null) {
            WaiterFuture below = waiter.next;
            waiter.next = null;
            try {
                if (waiter.complete(null)) {
                    signalled++;
                }
            }
            catch (Throwable ex) {
                // CompletableFuture captures what a dependent throws, executor rejections included; this
                // is for what it cannot (a StackOverflowError), so that no other waiter is left waiting.
                logger.warn("{}: a waiter of generation {} failed while being signalled", this.line.name(),
                        this.generation, ex);
            }
            waiter = below;
        }
        return signalled;
    }

    /**
     * Returns a description with the line's name and this acquisition's generation.
     *
     * @return a short description, for logs
     */
    @Override
    public String toString() {
        return "Token[line=" + this.line.name() + ", generation=" + this.generation + "]";
    }
}
