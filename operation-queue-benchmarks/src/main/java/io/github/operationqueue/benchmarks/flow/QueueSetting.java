package io.github.operationqueue.benchmarks.flow;

import java.util.function.Supplier;

import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.StartRate;

/**
 * How one run's queue is built: its runners, and a concurrency limit or a start rate, each made afresh for
 * the run (they learn and keep state).
 *
 * @param name the run's name in the output, such as {@code fixed-30} or {@code gradient2}
 * @param kind {@code fixed} (runners only), {@code adaptive} (a concurrency limit) or {@code rate}
 * @param runners how many runners the queue starts
 * @param limit makes the concurrency limit, or {@code null} for none
 * @param rate makes the start rate, or {@code null} for none
 */
record QueueSetting(String name, String kind, int runners, Supplier<ConcurrencyLimit> limit,
        Supplier<StartRate> rate) {

    static QueueSetting fixed(int runners) {
        return new QueueSetting("fixed-" + runners, "fixed", runners, null, null);
    }

    static QueueSetting adaptive(String algorithm, int runners, Supplier<ConcurrencyLimit> limit) {
        return new QueueSetting(algorithm, "adaptive", runners, limit, null);
    }

    static QueueSetting rate(int runners, Supplier<StartRate> rate) {
        return new QueueSetting("rate", "rate", runners, null, rate);
    }
}
