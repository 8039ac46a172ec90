package io.github.operationqueue.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap in use after full collections, sampled during a soak. One sample is the lowest of a few readings
 * each taken right after {@code System.gc()}, so that garbage allocated between the collection and the
 * reading does not count. {@link #drift()} compares the median of an early steady-state window with the
 * median of the last window, after a warm-up that is left out (class loading, JIT, pools filling up).
 */
final class HeapSamples {

    private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private final List<Long> samples = new ArrayList<>();

    void sample() {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            System.gc();
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
        }
        this.samples.add(lowest);
    }

    int size() {
        return this.samples.size();
    }

    /** Median of the window after the first 30% of samples (the warm-up), over a quarter of them. */
    long early() {
        int from = this.samples.size() * 3 / 10;
        return median(from, from + window());
    }

    /** Median of the last quarter of samples. */
    long late() {
        return median(this.samples.size() - window(), this.samples.size());
    }

    /** How much the late window differs from the early one, as a fraction of the early one. */
    double drift() {
        return (double) (late() - early()) / early();
    }

    private int window() {
        return Math.max(1, this.samples.size() / 4);
    }

    private long median(int from, int to) {
        List<Long> window = new ArrayList<>(this.samples.subList(from, to));
        window.sort(null);
        return window.get(window.size() / 2);
    }

    @Override
    public String toString() {
        return this.samples.size() + " samples, early median " + early() / 1024 + " KiB, late median "
                + late() / 1024 + " KiB, drift " + String.format("%+.1f%%", drift() * 100);
    }
}
