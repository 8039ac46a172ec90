package io.github.operationqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;

/**
 * The admission side of an {@link OperationQueue}: the slot counts, the accepted entries in order,
 * and the enqueues waiting for room. It decides what is accepted and hands out what was accepted; it
 * knows nothing of runners. It calls no one back: each method returns what happened (an {@link Outcome},
 * a {@link RoomWaiter}, a count of entries it published), and the caller acts on it.
 *
 * <p><b>A producer word and a runner counter.</b> The {@code RESERVED} word holds the CLOSED bit and
 * the count of slots ever reserved (every accepted entry); the {@code RELEASED} counter, the slots given
 * back (taken by a runner, or abandoned). The depth is their difference. Reserving a slot is one CAS on
 * {@code RESERVED} that fails when the queue is closed or full, so "accepted before stop" and "within
 * capacity" are decided at the same instant, with no lock. Producers write only {@code RESERVED} and
 * runners only {@code RELEASED}, each on cache lines of its own: a runner's take no longer writes the line
 * every producer's CAS needs (one word both sides wrote cost a cache-line transfer per operation), and
 * the reservation count doubles as the {@code enqueued} count (no counter of its own). A slot is always
 * reserved before it is released, so {@code RELEASED} never exceeds the count in {@code RESERVED};
 * after CLOSED the count no longer grows (an admitter's rare undo only lowers it, for a slot not yet
 * released). An entry is reserved first and offered to {@code entries} after: a reader can see depth
 * &gt; 0 with no entry for a moment, so "closed and drained" is read from the two counts
 * ({@link #isClosedAndDrained()}), never from the entries.
 *
 * <p><b>Room waiters.</b> Enqueues that find a bounded queue full wait in {@code awaitingRoom} and are
 * moved into the queue, in order, by one admitter at a time (the {@code admitting} flag); a thread that
 * finds the flag taken leaves the work to its holder, which looks again after letting go, so nobody
 * waits for it. The admitter takes only the waiter at the head, and only if it is still there after its
 * slot was reserved: so a waiter is never accepted while an earlier one is refused. Only the thread that
 * closed the queue refuses waiters ({@link #refuseWaiters()}); a waiter that finds the queue closed
 * after joining, and is still there, withdraws itself: its enqueue is ordered after the stop and is
 * not counted as refused. A waiter and the runner that frees room, or the closer, are the two halves of
 * Dekker's pattern: each publishes its change and then re-reads the other's.
 */
final class Admission {

    /** What an offer did at once; an offer that must wait for room returns its {@link RoomWaiter} instead. */
    enum Outcome {
        /** Accepted and published: a runner must come for it. */
        ACCEPTED,
        /** The queue is full (or earlier enqueues wait for room); only {@link #tryOffer} answers this. */
        FULL,
        /** The queue is closed: not accepted. */
        CLOSED
    }

    private static final Logger logger = QueueLog.LOGGER;

    static final long CLOSED = 1L << 62;

    private static final long COUNT_MASK = CLOSED - 1;

    private static final int DEPTH_READ_TRIES = 64;

    private final String name;

    private final int capacity;

    private final SafeListener listener;

    // The two slot counts live in one array, 16 longs (128 bytes, a prefetched pair of cache lines)
    // from each other and from the array's ends, so that neither shares a line with the other or with a
    // neighbouring object. Package-private for tests that need a depth no test could enqueue.
    static final int RESERVED = 16;

    static final int RELEASED = 32;

    // RESERVED: CLOSED bit | slots ever reserved, written by producers and the closer.
    // RELEASED: slots given back, written by runners and abandonment.
    final AtomicLongArray slots = new AtomicLongArray(RELEASED + 17);

    private final ConcurrentLinkedQueue<Object> entries = new ConcurrentLinkedQueue<>();

    private final ConcurrentLinkedQueue<RoomWaiter> awaitingRoom = new ConcurrentLinkedQueue<>();

    private final AtomicInteger awaitingRoomCount = new AtomicInteger();

    // Held by the one thread moving waiters from awaitingRoom into the queue; see admitWaiters.
    private final AtomicBoolean admitting = new AtomicBoolean();

    private final LongAdder refused = new LongAdder();

    Admission(String name, int capacity, SafeListener listener) {
        this.name = name;
        this.capacity = capacity;
        this.listener = listener;
    }

    /**
     * Accepts {@code entry} now if there is room, or once there is. Returns {@link Outcome#ACCEPTED}
     * (published: one runner must come), {@link Outcome#CLOSED}, or the {@link RoomWaiter} whose
     * future completes when the entry is accepted, and which says how many entries this call published
     * (earlier waiters it admitted, and perhaps its own). Nothing is allocated on the way to
     * {@code ACCEPTED}: it is the common case.
     */
    Object offer(Object entry) {
        if (!hasEarlierWaiters()) {
            Reservation reserved = reserveSlot();
            if (reserved == Reservation.RESERVED) {
                publish(entry);
                return Outcome.ACCEPTED;
            }
            if (reserved == Reservation.CLOSED) {
                return Outcome.CLOSED;
            }
        }
        else if (isClosed()) {
            // Behind the waiters a stop is refusing: this enqueue came after the stop, so it fails
            // at once, as on an empty queue, and is not one of the enqueues the stop refused.
            return Outcome.CLOSED;
        }
        return waitForRoom(entry);
    }

    /** Accepts {@code entry} if there is room now and no earlier enqueue is waiting for it. */
    Outcome tryOffer(Object entry) {
        if (hasEarlierWaiters()) {
            // Earlier enqueues are waiting for room; jumping ahead of them would break FIFO.
            return isClosed() ? Outcome.CLOSED : Outcome.FULL;
        }
        Reservation reserved = reserveSlot();
        if (reserved == Reservation.CLOSED) {
            return Outcome.CLOSED;
        }
        if (reserved == Reservation.FULL) {
            return Outcome.FULL;
        }
        publish(entry);
        return Outcome.ACCEPTED;
    }

    /**
     * Takes the oldest published entry and gives its slot back, or returns {@code null} if none is
     * published. Room it frees is not handed to waiters here: see {@link #hasWaiters()}.
     */
    Object take() {
        Object entry = this.entries.poll();
        if (entry != null) {
            this.slots.getAndIncrement(RELEASED);
        }
        return entry;
    }

    /** Whether enqueues may be waiting for room that a take freed; cheap enough to ask after every take. */
    boolean hasWaiters() {
        return this.capacity > 0 && !this.awaitingRoom.isEmpty();
    }

    /**
     * Takes the oldest published entry for abandonment, keeping its slot: the caller settles the entry,
     * then gives the slot back with {@link #releaseAbandoned()}, so that depth 0 is never seen before
     * the entry's future has failed.
     */
    Object takeToAbandon() {
        return this.entries.poll();
    }

    /** Gives back the slot of an entry taken with {@link #takeToAbandon()}. */
    void releaseAbandoned() {
        this.slots.getAndIncrement(RELEASED);
    }

    boolean hasPublished() {
        return !this.entries.isEmpty();
    }

    /** Sets the CLOSED bit; returns whether this call set it. */
    boolean close() {
        for (;;) {
            long reserved = this.slots.get(RESERVED);
            if (isClosed(reserved)) {
                return false;
            }
            if (this.slots.compareAndSet(RESERVED, reserved, reserved | CLOSED)) {
                return true;
            }
        }
    }

    boolean isClosed() {
        return isClosed(this.slots.get(RESERVED));
    }

    /**
     * Closed with nothing accepted left to take: the only state in which a runner may stop. Read in
     * this order, once true it stays true: closed, the reservation count no longer grows, so a release
     * count that reached it (read after it) means every accepted slot was given back for good.
     */
    boolean isClosedAndDrained() {
        long reserved = this.slots.get(RESERVED);
        return isClosed(reserved) && count(reserved) == this.slots.get(RELEASED);
    }

    /**
     * Accepted, not yet taken, at one instant. The two counts are two words: the release count is read
     * between two reads of the reservation word, and the difference is the depth at the instant of that
     * read if the word did not move meanwhile (it never returns to an earlier value: the one decrement,
     * an admitter's undo, comes after CLOSED was set). Otherwise a release and a reservation in between
     * would make the depth look one deeper than it ever was. After a few tries on a queue too busy to
     * hold still, the estimate is bounded by what the queue can hold.
     */
    long depth() {
        long reserved = this.slots.get(RESERVED);
        long released = this.slots.get(RELEASED);
        for (int tries = 0; tries < DEPTH_READ_TRIES; tries++) {
            long again = this.slots.get(RESERVED);
            if (again == reserved) {
                return count(reserved) - released;
            }
            reserved = again;
            released = this.slots.get(RELEASED);
        }
        long estimate = Math.max(0, count(reserved) - released);
        return (this.capacity > 0) ? Math.min(estimate, this.capacity) : estimate;
    }

    int awaitingRoom() {
        return this.awaitingRoomCount.get();
    }

    long refused() {
        return this.refused.sum();
    }

    /** Every reserved slot is an accepted entry: an admitter that cannot use its slot takes it back. */
    long enqueued() {
        return count(this.slots.get(RESERVED));
    }

    /**
     * Fails every enqueue waiting for room, counting each before its future fails; called only by
     * the thread that closed the queue, once it has. Returns how many it refused.
     */
    int refuseWaiters() {
        int count = 0;
        RoomWaiter waiter;
        while ((waiter = this.awaitingRoom.poll()) != null) {
            this.refused.increment();
            this.awaitingRoomCount.decrementAndGet();
            count++;
            waiter.accepted.completeExceptionally(stopped(waiter.entry));
        }
        if (count > 0) {
            logger.warn("{}: refused {} enqueues that were waiting for room when the queue stopped", this.name,
                    count);
        }
        return count;
    }

    /**
     * Tells listeners of {@code entry}, whose slot counted it, then publishes it: no runner hears
     * {@code started} before {@code enqueued}.
     */
    private void publish(Object entry) {
        if (!this.listener.isEmpty()) {
            QueuedEntry.accepted(entry, System.nanoTime());
            this.listener.enqueued(this.name);
        }
        this.entries.offer(entry);
    }

    private RoomWaiter waitForRoom(Object entry) {
        RoomWaiter waiter = new RoomWaiter(entry);
        this.awaitingRoomCount.incrementAndGet();
        this.awaitingRoom.offer(waiter);
        // Room may have freed, or the queue closed, before this waiter was visible.
        if (isClosed()) {
            if (this.awaitingRoom.remove(waiter)) {
                // The closer did not see it: this enqueue is ordered after the stop.
                this.awaitingRoomCount.decrementAndGet();
                waiter.accepted.completeExceptionally(stopped(entry));
            }
        }
        else {
            waiter.publishedOnOffer = admitWaiters();
        }
        return waiter;
    }

    /**
     * Moves waiters into the queue while there is room, one admitter at a time so that waiters are
     * accepted in the order they came, and returns how many entries this call published (a runner
     * must come for each). A thread that finds another admitting leaves the work to it: the admitter
     * looks again after it lets go, and sees what that thread changed (room freed, a waiter added). No
     * thread ever waits for the admitter. The waiters' futures complete on this thread.
     */
    int admitWaiters() {
        int published = 0;
        while (!this.awaitingRoom.isEmpty() && hasRoom() && this.admitting.compareAndSet(false, true)) {
            List<RoomWaiter> admitted;
            try {
                admitted = admitWhileThereIsRoom();
            }
            finally {
                this.admitting.set(false);
            }
            published += admitted.size();
            // Completed outside the admitter's turn: their dependents are the callers' code.
            admitted.forEach((waiter) -> waiter.accepted.complete(null));
        }
        return published;
    }

    private List<RoomWaiter> admitWhileThereIsRoom() {
        List<RoomWaiter> admitted = new ArrayList<>();
        RoomWaiter head;
        while ((head = this.awaitingRoom.peek()) != null) {
            if (reserveSlot() != Reservation.RESERVED) {
                // Full, or closed: the closer refuses the waiters.
                break;
            }
            if (!this.awaitingRoom.remove(head)) {
                // The closer refused the head meanwhile; it refuses those behind it too. The slot is
                // taken back, not released: it never held an entry, so it is not counted as enqueued.
                this.slots.getAndDecrement(RESERVED);
                break;
            }
            this.awaitingRoomCount.decrementAndGet();
            publish(head.entry);
            admitted.add(head);
        }
        return admitted;
    }

    private boolean hasRoom() {
        long reserved = this.slots.get(RESERVED);
        return !isClosed(reserved) && (this.capacity == 0 || depthAfter(reserved) < this.capacity);
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
            long reserved = this.slots.get(RESERVED);
            if (isClosed(reserved)) {
                return Reservation.CLOSED;
            }
            // An unbounded queue never reads the runners' counter: the producer touches its own line only.
            if (this.capacity > 0 && depthAfter(reserved) >= this.capacity) {
                return Reservation.FULL;
            }
            if (this.slots.compareAndSet(RESERVED, reserved, reserved + 1)) {
                return Reservation.RESERVED;
            }
        }
    }

    QueueStoppedException stopped(Object entry) {
        return new QueueStoppedException(this.name, "accept operation " + QueuedEntry.describe(entry));
    }

    /**
     * The depth given a {@code RESERVED} word just read. The release count, read after it, may include
     * releases of slots reserved since: then the word has moved on and the reservation's CAS fails. A
     * CAS that succeeds on {@code reserved} proves that the count read did not pass it, so the depth it
     * reserves into is at most this one.
     */
    private long depthAfter(long reserved) {
        return count(reserved) - this.slots.get(RELEASED);
    }

    private static boolean isClosed(long reserved) {
        return (reserved & CLOSED) != 0;
    }

    private static long count(long reserved) {
        return reserved & COUNT_MASK;
    }

    private enum Reservation {
        RESERVED, FULL, CLOSED
    }
}
