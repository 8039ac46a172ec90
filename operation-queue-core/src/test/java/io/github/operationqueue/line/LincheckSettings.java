package io.github.operationqueue.line;

import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;

/**
 * The one place where Lincheck's effort is set: modest, so that the suite stays quick. Raise the counts
 * locally when hunting a race.
 */
final class LincheckSettings {

    /**
     * Model checking costs about 12 s of instrumentation up front, then roughly 20 ms per invocation. Many
     * small scenarios find more than few deep ones; the tests add one custom scenario aimed at stale closes.
     */
    static final int MODEL_CHECKING_ITERATIONS = 10;

    static final int MODEL_CHECKING_INVOCATIONS = 30;

    static final int STRESS_ITERATIONS = 10;

    static final int STRESS_INVOCATIONS = 200;

    static final int THREADS = 2;

    static final int ACTORS_PER_THREAD = 3;

    private LincheckSettings() {
    }

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().iterations(MODEL_CHECKING_ITERATIONS)
            .invocationsPerIteration(MODEL_CHECKING_INVOCATIONS)
            .threads(THREADS)
            .actorsPerThread(ACTORS_PER_THREAD);
    }

    static StressOptions stress() {
        return new StressOptions().iterations(STRESS_ITERATIONS)
            .invocationsPerIteration(STRESS_INVOCATIONS)
            .threads(THREADS)
            .actorsPerThread(ACTORS_PER_THREAD);
    }
}
