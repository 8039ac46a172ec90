package io.github.operationqueue.example.client;

import java.util.concurrent.atomic.LongAdder;

/** What the client counts: requests, their outcomes, and the refusals it retried. */
final class ClientCounters {

    private final LongAdder requests = new LongAdder();

    private final LongAdder succeeded = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private final LongAdder unauthorized = new LongAdder();

    private final LongAdder unavailable = new LongAdder();

    void requested() {
        this.requests.increment();
    }

    void finished(boolean success) {
        (success ? this.succeeded : this.failed).increment();
    }

    void refused(MessageReply.Outcome outcome) {
        (outcome == MessageReply.Outcome.UNAUTHORIZED ? this.unauthorized : this.unavailable).increment();
    }

    ClientTotals totals(long startupLogins) {
        return new ClientTotals(this.requests.sum(), this.succeeded.sum(), this.failed.sum(), this.unauthorized.sum(),
                this.unavailable.sum(), startupLogins);
    }

}
