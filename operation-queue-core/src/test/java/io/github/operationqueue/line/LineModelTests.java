package io.github.operationqueue.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded-random sequences of acquire, close, status and cancel from several logical clients, checked step by
 * step against a model small enough to be obviously right: at most one live token; each future handed out
 * is pending until the close of the acquisition it was handed out for (or its own cancel), and done after it.
 *
 * <p>The seed comes from the {@code line.model.seed} system property, or is random; it is logged and is part
 * of every failure message, so a failure can be replayed with {@code -Dline.model.seed=...}.
 */
@Timeout(30)
class LineModelTests {

    private static final Logger logger = LoggerFactory.getLogger(LineModelTests.class);

    private static final int CLIENTS = 5;

    private static final int SEQUENCES = 200;

    private static final int STEPS = 200;

    @Test
    void randomSequencesMatchTheModel() {
        long seed = Long.getLong("line.model.seed", new Random().nextLong());
        logger.info("LineModelTests seed: {} (replay with -Dline.model.seed={})", seed, seed);
        Random random = new Random(seed);
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            try {
                runSequence(random);
            }
            catch (AssertionError ex) {
                throw new AssertionError("Model mismatch in sequence " + sequence + " with -Dline.model.seed=" + seed
                        + ": " + ex.getMessage(), ex);
            }
        }
    }

    private void runSequence(Random random) {
        Line line = new Line("model");
        Token[] held = new Token[CLIENTS];
        List<Token> closed = new ArrayList<>();
        // Model state: the holder (client index) or -1, and the waiter futures of the current acquisition.
        int holder = -1;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<CompletableFuture<Void>> cancelled = new ArrayList<>();
        List<CompletableFuture<Void>> released = new ArrayList<>();
        StringBuilder trace = new StringBuilder();

        for (int step = 0; step < STEPS; step++) {
            int client = random.nextInt(CLIENTS);
            int action = random.nextInt(5);
            switch (action) {
                case 0 -> {
                    trace.append(" acquire(").append(client).append(')');
                    AcquireOutcome outcome = line.tryAcquireToken().orToken(held[client]);
                    if (holder == -1) {
                        assertThat(outcome).as(trace::toString).isInstanceOf(AcquireOutcome.Success.class);
                        held[client] = ((AcquireOutcome.Success) outcome).token();
                        holder = client;
                    }
                    else if (holder == client) {
                        assertThat(outcome).as(trace::toString).isEqualTo(new AcquireOutcome.Success(held[client]));
                    }
                    else {
                        assertThat(outcome).as(trace::toString).isInstanceOf(AcquireOutcome.Failure.class);
                        CompletableFuture<Void> waiter = ((AcquireOutcome.Failure) outcome).released();
                        assertThat(waiter).as(trace::toString).isNotDone();
                        pending.add(waiter);
                    }
                }
                case 1 -> {
                    trace.append(" close(").append(client).append(')');
                    Token token = held[client];
                    if (token != null) {
                        token.close();
                        held[client] = null;
                        closed.add(token);
                        assertThat(holder).as(trace::toString).isEqualTo(client);
                        holder = -1;
                        released.addAll(pending);
                        pending.clear();
                    }
                }
                case 2 -> {
                    trace.append(" closeStale");
                    if (!closed.isEmpty()) {
                        closed.get(random.nextInt(closed.size())).close();
                    }
                }
                case 3 -> {
                    trace.append(" status");
                    LineStatus status = line.status();
                    if (holder == -1) {
                        assertThat(status).as(trace::toString).isInstanceOf(LineStatus.Free.class);
                    }
                    else {
                        assertThat(status).as(trace::toString).isInstanceOf(LineStatus.Busy.class);
                        pending.add(((LineStatus.Busy) status).released());
                    }
                }
                default -> {
                    trace.append(" cancel");
                    if (!pending.isEmpty()) {
                        CompletableFuture<Void> waiter = pending.remove(random.nextInt(pending.size()));
                        waiter.cancel(false);
                        cancelled.add(waiter);
                    }
                }
            }
            LineStats stats = line.stats();
            assertThat(stats.busy()).as(trace::toString).isEqualTo(holder != -1);
            assertThat(stats.waiters()).as(trace::toString).isEqualTo(pending.size());
            assertThat(pending).as(trace::toString).allMatch((waiter) -> !waiter.isDone());
            assertThat(released).as(trace::toString).allMatch((waiter) -> waiter.isDone() && !waiter.isCompletedExceptionally());
            assertThat(cancelled).as(trace::toString).allMatch(CompletableFuture::isCancelled);
        }
        if (holder != -1) {
            held[holder].close();
        }
        if (!pending.isEmpty() && pending.stream().anyMatch((waiter) -> !waiter.isDone())) {
            fail("waiters left pending after the final close:" + trace);
        }
    }
}
