package io.github.operationqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission side of an {@link OperationQueue}: the control word, the accepted entries in order,
 * and the enqueues waiting for room. It decides what is accepted and hands out what was accepted; it
 * knows nothing of runners, and tells its {@link Hooks} when an entry was published or when a closed
 * queue has just been drained.
 *
 * <p><b>One word of control.</b> {@code control} holds the CLOSED bit and the depth (accepted, not yet
 * taken). Reserving a slot is one CAS that fails when the queue is closed or full, so "accepted before
 * stop" and "within capacity" are decided at the same instant, with no lock. An entry is reserved first
 * and offered to {@code entries} after: a reader can see depth &gt; 0 with no entry for a moment, so
 * "closed and drained" is read from {@code control} ({@link #isClosedAndDrained()}), never from the
 * entries.
 *
 * <p><b>Room waiters.</b> Enqueues that find a bounded queue full wait in {@code awaitingRoom} and are
 * moved into the queue, in order, by one admitter at a time (the {@code admitting} flag); a thread that
 * finds the flag taken leaves the work to its holder, which looks again after letting go, so nobody
 * waits for it. A waiter and the runner that frees room, or {@code stop()}, are the two halves of
 * Dekker's pattern: each publishes its change and then re-reads the other's.
 */
final class Admission {

    /** What admission tells the rest of the queue. Called on the thread that caused the event. */
    interface Hooks {

        /** An entry's slot is reserved and it is about to be published: count it, tell listeners. */
        void accepting(Object entry);

        /** An entry was published: a runner must come for it. */
        void published();

        /** The last slot of a closed queue was given back: runners parked meanwhile must come and stop. */
        void drained();
    }

    private static final Logger logger = LoggerFactory.getLogger(OperationQueue.class);

    static final long CLOSED = 1L << 62;

    private static final long DEPTH_MASK = CLOSED - 1;

    private final String name;

    private final int capacity;

    private final Hooks hooks;

    // CLOSED bit | depth. Package-private for tests that need a depth no test could enqueue.
    final AtomicLong control = new AtomicLong();

    private final ConcurrentLinkedQueue<Object> entries = new ConcurrentLinkedQueue<>();

    private final ConcurrentLinkedQueue<RoomWaiter> awaitingRoom = new ConcurrentLinkedQueue<>();

    private final AtomicInteger awaitingRoomCount = new AtomicInteger();

    // Held by the one thread moving waiters from awaitingRoom into the queue; see admitAwaitingRoom.
    private final AtomicBoolean admitting = new AtomicBoolean();

    private final LongAdder refused = new LongAdder();

    Admission(String name, int capacity, Hooks hooks) {
        this.name = name;
        this.capacity = capacity;
        this.hooks = hooks;
    }

    /** Accepts {@code entry} now if there is room, or once there is; the future fails if the queue closes first. */
    CompletableFuture<Void> offer(Object entry) {
        if (!hasEarlierWaiters()) {
            Reservation reserved = reserveSlot();
            if (reserved == Reservation.RESERVED) {
                publish(entry);
                return CompletableFuture.completedFuture(null);
            }
            if (reserved == Reservation.CLOSED) {
                return CompletableFuture.failedFuture(stopped(entry));
            }
        }
        else if (isClosed()) {
            // Behind the waiters a stop is refusing: this enqueue came after the stop, so it fails
            // at once, as on an empty queue, and is not one of the enqueues the stop refused.
            return CompletableFuture.failedFuture(stopped(entry));
        }
        return waitForRoom(entry);
    }

    /** Accepts {@code entry} if there is room now and no earlier enqueue is waiting for it. */
    boolean tryOffer(Object entry) {
        if (hasEarlierWaiters()) {
            if (isClosed()) {
                throw stopped(entry);
            }
            // Earlier enqueues are waiting for room; jumping ahead of them would break FIFO.
            return false;
        }
        Reservation reserved = reserveSlot();
        if (reserved == Reservation.CLOSED) {
            throw stopped(entry);
        }
        if (reserved == Reservation.FULL) {
            return false;
        }
        publish(entry);
        return true;
    }

    /** Takes the oldest published entry and gives its slot back, or returns {@code null} if none is published. */
    Object take() {
        Object entry = this.entries.poll();
        if (entry != null) {
            releaseSlot();
            if (this.capacity > 0 && !this.awaitingRoom.isEmpty()) {
                admitAwaitingRoom();
            }
        }
        return entry;
    }

    /**
     * Takes the oldest published entry for abandonment: {@code beforeRelease} runs before its slot is
     * given back, since giving back the last slot may let the queue terminate, and what the queue
     * reports then must already include this entry.
     */
    Object takeToAbandon(Runnable beforeRelease) {
        Object entry = this.entries.poll();
        if (entry != null) {
            beforeRelease.run();
            releaseSlot();
        }
        return entry;
    }

    boolean hasPublished() {
        return !this.entries.isEmpty();
    }

    /** Sets the CLOSED bit; returns whether this call set it. */
    boolean close() {
        for (;;) {
            long control = this.control.get();
            if (isClosed(control)) {
                return false;
            }
            if (this.control.compareAndSet(control, control | CLOSED)) {
                return true;
            }
        }
    }

    boolean isClosed() {
        return isClosed(this.control.get());
    }

    /** Closed with nothing accepted left to take: the only state in which a runner may stop. */
    boolean isClosedAndDrained() {
        return this.control.get() == CLOSED;
    }

    long depth() {
        return depth(this.control.get());
    }

    int awaitingRoom() {
        return this.awaitingRoomCount.get();
    }

    long refused() {
        return this.refused.sum();
    }

    /** Fails every enqueue still waiting for room; called once the queue is closed. */
    void failAwaitingRoom() {
        int count = 0;
        RoomWaiter waiter;
        while ((waiter = this.awaitingRoom.poll()) != null) {
            // Counted before the waiter hears of it, so that its dependents see the count.
            this.refused.increment();
            this.awaitingRoomCount.decrementAndGet();
            count++;
            waiter.accepted.completeExceptionally(stopped(waiter.entry));
        }
        if (count > 0) {
            logger.warn("{}: refused {} enqueues that were waiting for room when the queue stopped", this.name,
                    count);
        }
    }

    private void publish(Object entry) {
        this.hooks.accepting(entry);
        this.entries.offer(entry);
        this.hooks.published();
    }

    private CompletableFuture<Void> waitForRoom(Object entry) {
        RoomWaiter waiter = new RoomWaiter(entry);
        this.awaitingRoomCount.incrementAndGet();
        this.awaitingRoom.offer(waiter);
        // Room may have freed, or the queue closed, before this waiter was visible.
        if (isClosed()) {
            failAwaitingRoom();
        }
        else {
            admitAwaitingRoom();
        }
        return waiter.accepted;
    }

    /**
     * Moves waiters into the queue while there is room, one admitter at a time so that waiters are
     * accepted in the order they came. A thread that finds another admitting leaves the work to it:
     * the admitter looks again after it lets go, and sees what that thread changed (room freed, a
     * waiter added). No thread ever waits for the admitter.
     */
    private void admitAwaitingRoom() {
        while (!this.awaitingRoom.isEmpty() && hasRoomOrIsClosed() && this.admitting.compareAndSet(false, true)) {
            List<RoomWaiter> admitted;
            try {
                admitted = admitWhileThereIsRoom();
            }
            finally {
                this.admitting.set(false);
            }
            // Completed outside the admitter's turn: their dependents are the callers' code.
            admitted.forEach((waiter) -> waiter.accepted.complete(null));
        }
    }

    private List<RoomWaiter> admitWhileThereIsRoom() {
        List<RoomWaiter> admitted = new ArrayList<>();
        while (!this.awaitingRoom.isEmpty()) {
            Reservation reserved = reserveSlot();
            if (reserved == Reservation.CLOSED) {
                failAwaitingRoom();
                break;
            }
            if (reserved == Reservation.FULL) {
                break;
            }
            RoomWaiter waiter = this.awaitingRoom.poll();
            if (waiter == null) {
                // stop() failed the last waiter meanwhile.
                releaseSlot();
                break;
            }
            this.awaitingRoomCount.decrementAndGet();
            publish(waiter.entry);
            admitted.add(waiter);
        }
        return admitted;
    }

    private boolean hasRoomOrIsClosed() {
        long control = this.control.get();
        return isClosed(control) || this.capacity == 0 || depth(control) < this.capacity;
    }

    /**
     * Whether a new enqueue must queue up behind earlier ones waiting for room: some are waiting,
     * or one was just taken from {@code awaitingRoom} and is on its way into the queue.
     */
    private boolean hasEarlierWaiters() {
        return !this.awaitingRoom.isEmpty() || this.admitting.get();
    }

    private Reservation reserveSlot() {
        for (;;) {
            long control = this.control.get();
            if (isClosed(control)) {
                return Reservation.CLOSED;
            }
            if (this.capacity > 0 && depth(control) >= this.capacity) {
                return Reservation.FULL;
            }
            if (this.control.compareAndSet(control, control + 1)) {
                return Reservation.RESERVED;
            }
        }
    }

    /** Gives back the slot of an entry taken, abandoned or never offered. */
    private void releaseSlot() {
        if (this.control.decrementAndGet() == CLOSED) {
            this.hooks.drained();
        }
    }

    private QueueStoppedException stopped(Object entry) {
        return new QueueStoppedException(this.name, "accept operation " + QueuedEntry.describe(entry));
    }

    private static boolean isClosed(long control) {
        return (control & CLOSED) != 0;
    }

    private static long depth(long control) {
        return control & DEPTH_MASK;
    }

    private enum Reservation {
        RESERVED, FULL, CLOSED
    }
}
