package io.github.operationqueue.benchmarks.flow;

import java.util.List;

import io.github.operationqueue.benchmarks.flow.ScenarioRun.Phase;
import io.github.operationqueue.benchmarks.flow.ScenarioRun.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of one second against a remote of capacity 2 with 4 runners: the remote always holds 4 requests
 * (2 served, 2 waiting), so operations are in flight when the phase ends.
 */
class ScenarioRunTests {

    @Test
    @Timeout(60)
    void aPhaseCountsOnlyTheOutcomesWithinItsTime() throws Exception {
        RunRecord run = new ScenarioRun(QueueSetting.fixed(4), 8, List.of(new Phase(2, 1))).run();

        PhaseRecord phase = run.phases().get(0);
        long ended = phase.succeeded() + phase.overloaded() + phase.otherFailures();
        assertThat(phase.succeeded()).isPositive();
        assertThat(phase.otherFailures()).isZero();
        // The requests still inside the remote when the phase ended are answered while the queue drains:
        // after the phase's time, so counted in none of its figures.
        assertThat(phase.attempts() - ended).as("attempts started in the phase and not ended in it (of %d started)",
                phase.attempts()).isBetween(1L, 4L);
    }
}
