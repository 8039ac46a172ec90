/**
 * The flow-control scenario (issue 20): a queue with an adaptive concurrency limit or a start rate against
 * a simulated remote service of limited capacity, measured in wall-clock runs of a few seconds rather than
 * by JMH, since what it measures (how fast a limit settles, 503s, latency percentiles) is a run's course,
 * not an operation's cost. Run it with {@code bench/run.sh --flow}; {@code BENCHMARKS.md} ("Method") says how
 * each target is measured.
 */
package io.github.operationqueue.benchmarks.flow;
