package io.github.operationqueue.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.operationqueue.QueueStoppedException;

/**
 * One line per operation a test hands to a queue, following it from the enqueue to its end: accepted or
 * refused, performed (how many times), finished (succeeded or failed, how many times), and for
 * {@code submit} operations what their future reported. An entry leaves the ledger as soon as its story is
 * complete, into totals, so that a long soak keeps only what is in flight; whatever is left at the end was
 * accepted and never performed, and must be what the queue reported abandoned.
 *
 * <p>Anything that contradicts "every accepted operation finishes exactly once or is reported abandoned" is
 * recorded as a violation, with the operation's id, rather than thrown on some executor thread.
 */
final class Ledger {

    /** How the operation was handed to the queue. */
    enum Channel {
        /** {@code enqueue}: its future says accepted or refused. */
        ENQUEUE,
        /** {@code tryEnqueue}: its result says accepted or refused. */
        TRY_ENQUEUE,
        /** {@code submit}/{@code submitBlocking}: its future reports the operation's own outcome. */
        SUBMIT
    }

    private final Map<Long, Entry> open = new ConcurrentHashMap<>();

    private final AtomicLong ids = new AtomicLong();

    private final List<String> violations = new ArrayList<>();

    final LongAdder attempts = new LongAdder();

    final LongAdder accepted = new LongAdder();

    final LongAdder refused = new LongAdder();

    final LongAdder refusedAfterWaiting = new LongAdder();

    final LongAdder succeeded = new LongAdder();

    final LongAdder failed = new LongAdder();

    final LongAdder submitRan = new LongAdder();

    final LongAdder submitNotRunReported = new LongAdder();

    Entry open(Channel channel) {
        Entry entry = new Entry(this.ids.incrementAndGet(), channel);
        this.open.put(entry.id, entry);
        this.attempts.increment();
        return entry;
    }

    /** Operations handed to the queue whose story is not complete yet. */
    int inFlight() {
        return this.open.size();
    }

    List<Entry> unsettled() {
        return new ArrayList<>(this.open.values());
    }

    synchronized void violation(Entry entry, String what) {
        if (this.violations.size() < 100) {
            this.violations.add("operation " + entry.id + " (" + entry.channel + "): " + what);
        }
    }

    synchronized List<String> violations() {
        return new ArrayList<>(this.violations);
    }

    /** One operation's story. Transitions arrive from any thread, in any order; each is checked once. */
    final class Entry {

        final long id;

        final Channel channel;

        private boolean accepted;

        private boolean refused;

        private int performed;

        private int finished;

        private boolean failedOnPurpose;

        private boolean outcomeReported;

        private Entry(long id, Channel channel) {
            this.id = id;
            this.channel = channel;
        }

        synchronized void accepted() {
            if (this.accepted || this.refused) {
                violation(this, "acceptance reported twice");
            }
            this.accepted = true;
            Ledger.this.accepted.increment();
            settleIfComplete();
        }

        synchronized void refused(boolean afterWaiting) {
            if (this.accepted || this.refused) {
                violation(this, "refusal reported after acceptance or twice");
            }
            if (this.performed > 0) {
                violation(this, "refused, yet performed");
            }
            this.refused = true;
            Ledger.this.refused.increment();
            if (afterWaiting) {
                Ledger.this.refusedAfterWaiting.increment();
            }
            settle();
        }

        synchronized void performed() {
            if (++this.performed > 1) {
                violation(this, "performed " + this.performed + " times");
            }
            if (this.refused) {
                violation(this, "performed, yet its enqueue was refused");
            }
        }

        synchronized void finished(boolean failedOnPurpose) {
            if (++this.finished > 1) {
                violation(this, "finished " + this.finished + " times");
                return;
            }
            this.failedOnPurpose = failedOnPurpose;
            (failedOnPurpose ? Ledger.this.failed : Ledger.this.succeeded).increment();
            settleIfComplete();
        }

        /** The {@code submit} future completed; checks that it tells what happened to the operation. */
        synchronized void reported(Object value, Throwable failure) {
            if (this.outcomeReported) {
                violation(this, "submit future completed twice");
            }
            this.outcomeReported = true;
            Throwable cause = Failures.unwrap(failure);
            if (this.performed == 0) {
                if (cause instanceof QueueStoppedException) {
                    Ledger.this.submitNotRunReported.increment();
                    settle();
                }
                else {
                    violation(this, "never performed, yet its future reported " + ((cause != null) ? cause : value));
                }
                return;
            }
            Ledger.this.submitRan.increment();
            if (this.finished == 0) {
                violation(this, "its future completed before its stage did");
            }
            else if (this.failedOnPurpose != (cause instanceof SoakFailure)) {
                violation(this, "its future reported " + ((cause != null) ? cause : value) + " for a stage that "
                        + (this.failedOnPurpose ? "failed" : "succeeded"));
            }
            else if (cause == null && !Long.valueOf(this.id).equals(value)) {
                violation(this, "its future carried the value " + value);
            }
            settle();
        }

        synchronized boolean isAcceptedAndNeverPerformed() {
            return this.accepted && this.performed == 0;
        }

        synchronized String describe() {
            return "operation " + this.id + " (" + this.channel + "): accepted=" + this.accepted + " refused="
                    + this.refused + " performed=" + this.performed + " finished=" + this.finished
                    + " reported=" + this.outcomeReported;
        }

        private void settleIfComplete() {
            if (this.channel != Channel.SUBMIT && this.accepted && this.finished > 0) {
                settle();
            }
        }

        private void settle() {
            Ledger.this.open.remove(this.id);
        }
    }
}
