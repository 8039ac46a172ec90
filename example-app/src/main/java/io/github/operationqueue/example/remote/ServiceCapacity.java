package io.github.operationqueue.example.remote;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How many message requests the stand-in serves at once, as a real service with a fixed pool of workers
 * does: up to {@code K} are served; up to {@code K} more wait, first come first served, for one of them to
 * finish (their latency grows with the wait); beyond that a request is refused at once (503). {@code K}
 * can change at run time: a lower one lets no waiting request in until the requests served have fallen
 * below it; a higher one lets waiting requests in at once.
 *
 * <p>A waiting request is a future, completed when it gets its slot: it holds no thread. Thread-safe; the
 * futures are completed after the lock is let go, so what a request does next never runs under it. A
 * request whose future is cancelled leaves the line, and a slot handed to it passes to the next. (Spring MVC
 * cancels nothing when a client goes away or its async request times out: such a request still takes its
 * turn and gives its slot back once answered, as a real server's worker would.)
 */
@Component
class ServiceCapacity {

    private static final Logger logger = LoggerFactory.getLogger(ServiceCapacity.class);

    private final Object lock = new Object();

    private final ArrayDeque<CompletableFuture<Boolean>> waiting = new ArrayDeque<>();

    private int capacity;

    private int served;

    private long refused;

    @Autowired
    ServiceCapacity(RemoteProperties properties) {
        this(properties.capacity());
    }

    ServiceCapacity(int capacity) {
        this.capacity = checked(capacity);
    }

    /**
     * Lets a request in, now or once a slot is free, or refuses it when as many wait as are served.
     *
     * @return a future that completes with {@code true} once the request holds a slot (it must then call
     *         {@link #release()} when it has been answered), or at once with {@code false} when it is
     *         refused
     */
    CompletableFuture<Boolean> admit() {
        CompletableFuture<Boolean> turn;
        synchronized (this.lock) {
            if (this.served < this.capacity && this.waiting.isEmpty()) {
                this.served++;
                return CompletableFuture.completedFuture(true);
            }
            if (this.waiting.size() >= this.capacity) {
                this.refused++;
                return CompletableFuture.completedFuture(false);
            }
            turn = new CompletableFuture<>();
            this.waiting.addLast(turn);
        }
        // A request that gives up waiting (cancels its turn) leaves the line at once: it neither keeps a place
        // that turns others away nor is handed a slot.
        turn.whenComplete((admitted, failure) -> {
            if (failure != null) {
                withdraw(turn);
            }
        });
        return turn;
    }

    /** Gives back the slot of a request that has been answered: the longest waiting request gets it. */
    void release() {
        while (true) {
            CompletableFuture<Boolean> next;
            synchronized (this.lock) {
                // After K was lowered, slots are given up until fewer than K are served.
                next = (this.served <= this.capacity) ? this.waiting.pollFirst() : null;
                if (next == null) {
                    this.served--;
                    return;
                }
            }
            if (next.complete(true)) {
                return;
            }
            // Its request gave up between leaving the line and being told: the slot is still this one's to give.
        }
    }

    private void withdraw(CompletableFuture<Boolean> turn) {
        synchronized (this.lock) {
            this.waiting.remove(turn);
        }
    }

    /**
     * Changes how many requests are served at once; a higher value lets waiting requests in at once.
     *
     * @param capacity the new {@code K}
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    void setCapacity(int capacity) {
        checked(capacity);
        List<CompletableFuture<Boolean>> admitted = new ArrayList<>();
        synchronized (this.lock) {
            this.capacity = capacity;
            while (this.served < this.capacity && !this.waiting.isEmpty()) {
                this.served++;
                admitted.add(this.waiting.pollFirst());
            }
        }
        logger.info("remote stand-in: now serves {} message requests at once, and lets as many wait", capacity);
        for (CompletableFuture<Boolean> turn : admitted) {
            if (!turn.complete(true)) {
                // Its request gave up meanwhile: pass the slot on.
                release();
            }
        }
    }

    /**
     * Returns what the stand-in is doing now.
     *
     * @return a consistent snapshot
     */
    CapacityStatus status() {
        synchronized (this.lock) {
            return new CapacityStatus(this.capacity, this.served, this.waiting.size(), this.refused);
        }
    }

    private static int checked(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The stand-in's capacity (example.remote.capacity, or k in "
                    + "POST /remote/capacity?k=) must be at least 1 request served at once, but was " + capacity);
        }
        return capacity;
    }

}
