package io.github.operationqueue.benchmarks.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import io.github.operationqueue.benchmarks.flow.ScenarioRun.Phase;
import io.github.operationqueue.benchmarks.flow.ScenarioRun.RunRecord;
import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.netflix.NetflixConcurrencyLimits;
import io.github.operationqueue.flow.resilience4j.Resilience4jStartRate;

/**
 * The flow-control scenario of issue 20, in one run of about five minutes: every setting against the same
 * {@link SimulatedRemote} (capacity {@value #CAPACITY}, {@link ScenarioRun#BASE_LATENCY} per request, 503
 * beyond twice its capacity), driven by the same closed loop of {@value #BACKLOG} work items
 * ({@link ScenarioRun}):
 * <ol>
 * <li>fixed {@code runners} from 10 to 200, no limit, {@value #PHASE_SECONDS} s each;</li>
 * <li>{@value #RUNNERS} runners under each adaptive limit (bbr, gradient2, vegas, aimd; min 1, max
 * {@value #RUNNERS}, initial 20, the starter's defaults for such a queue): {@value #PHASE_SECONDS} s at
 * capacity {@value #CAPACITY}, then {@value #HALVING_SECONDS} s at {@value #HALVED_CAPACITY};</li>
 * <li>{@value #RATE_RUNNERS} runners under a start rate of {@value #RATE_PER_SECOND}/s (burst 1,
 * Resilience4j), {@value #RATE_SECONDS} s.</li>
 * </ol>
 * It writes every figure as JSON; {@code bench/report.py} reads that file and prints one line per target of
 * the issue. Build the jar and run it, or let {@code bench/run.sh --flow} do both:
 * <pre>
 * mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true
 * java -cp operation-queue-benchmarks/target/benchmarks.jar \
 *     io.github.operationqueue.benchmarks.flow.FlowControlScenario --out flow.json
 * python3 bench/report.py flow.json
 * </pre>
 * {@code --quick} runs a few settings for a few seconds each, to check the harness, not the targets;
 * {@code --only bbr,fixed-30} runs only the settings named (as the output names them).
 */
public final class FlowControlScenario {

    static final int CAPACITY = 30;

    static final int HALVED_CAPACITY = 15;

    static final int RUNNERS = 200;

    static final int BACKLOG = 2 * RUNNERS;

    static final int PHASE_SECONDS = 20;

    static final int HALVING_SECONDS = 15;

    static final int RATE_RUNNERS = 100;

    static final int RATE_PER_SECOND = 50;

    static final int RATE_SECONDS = 10;

    private static final int ADAPTIVE_INITIAL = 20;

    private static final int[] SWEEP = { 10, 20, 30, 40, 50, 75, 100, 150, 200 };

    private static final int[] QUICK_SWEEP = { 30, 200 };

    private static final int QUICK_SECONDS = 3;

    private FlowControlScenario() {
    }

    /**
     * Runs the scenario.
     *
     * @param args {@code --out FILE} (required): where the JSON goes; {@code --quick}: a short check
     * @throws Exception if a run fails or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path out = null;
        boolean quick = false;
        Set<String> only = Set.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--only needs setting names: --only bbr,fixed-30");
                    }
                    only = Set.of(args[++i].split(","));
                }
                case "--out" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--out needs a file name: --out flow.json");
                    }
                    out = Path.of(args[++i]);
                }
                default -> throw new IllegalArgumentException(
                        "unknown argument '" + args[i] + "'; use --out FILE [--quick] [--only NAME,...]");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("give the result file: --out flow.json");
        }
        write(out, run(quick, only));
        System.out.println("flow: result " + out);
    }

    private static String run(boolean quick, Set<String> only) throws InterruptedException {
        int phaseSeconds = quick ? QUICK_SECONDS : PHASE_SECONDS;
        int halvingSeconds = quick ? QUICK_SECONDS : HALVING_SECONDS;
        int rateSeconds = quick ? QUICK_SECONDS : RATE_SECONDS;
        List<RunRecord> records = new ArrayList<>();
        Predicate<QueueSetting> chosen = (setting) -> only.isEmpty() || only.contains(setting.name());
        for (int runners : quick ? QUICK_SWEEP : SWEEP) {
            QueueSetting fixed = QueueSetting.fixed(runners);
            if (chosen.test(fixed)) {
                records.add(runAndReport(fixed, BACKLOG, List.of(new Phase(CAPACITY, phaseSeconds))));
            }
        }
        List<Phase> halving = List.of(new Phase(CAPACITY, phaseSeconds), new Phase(HALVED_CAPACITY, halvingSeconds));
        for (QueueSetting adaptive : adaptiveSettings()) {
            if (chosen.test(adaptive)) {
                records.add(runAndReport(adaptive, BACKLOG, halving));
            }
        }
        QueueSetting rate = QueueSetting.rate(RATE_RUNNERS,
                () -> Resilience4jStartRate.of(RATE_PER_SECOND, Duration.ofSeconds(1), 1));
        if (chosen.test(rate)) {
            // A few more items than runners, so every runner always finds one, and the drain is short.
            records.add(runAndReport(rate, RATE_RUNNERS + 10, List.of(new Phase(CAPACITY, rateSeconds))));
        }
        return json(quick, records);
    }

    private static List<QueueSetting> adaptiveSettings() {
        return List.of(
                QueueSetting.adaptive("bbr", RUNNERS, () -> ConcurrencyLimit.bbr(1, RUNNERS, ADAPTIVE_INITIAL)),
                QueueSetting.adaptive("gradient2", RUNNERS,
                        () -> NetflixConcurrencyLimits.gradient2(1, RUNNERS, ADAPTIVE_INITIAL)),
                QueueSetting.adaptive("vegas", RUNNERS,
                        () -> NetflixConcurrencyLimits.vegas(1, RUNNERS, ADAPTIVE_INITIAL)),
                QueueSetting.adaptive("aimd", RUNNERS,
                        () -> NetflixConcurrencyLimits.aimd(1, RUNNERS, ADAPTIVE_INITIAL)));
    }

    private static RunRecord runAndReport(QueueSetting setting, int backlog, List<Phase> phases)
            throws InterruptedException {
        RunRecord record = new ScenarioRun(setting, backlog, phases).run();
        StringBuilder line = new StringBuilder("flow: ").append(setting.name());
        for (PhaseRecord phase : record.phases()) {
            line.append(String.format(Locale.ROOT, " | K=%d: %.0f ops/s, attempt p99 %.1f ms, %d 503s",
                    phase.capacity(), (double) phase.succeeded() / phase.seconds(), phase.attemptP99Millis(),
                    phase.overloaded()));
        }
        System.out.println(line.append(String.format(Locale.ROOT, " (load %.1f)", record.loadAfter())));
        return record;
    }

    private static String json(boolean quick, List<RunRecord> records) {
        StringBuilder json = new StringBuilder(1 << 20);
        json.append("{\"scenario\":\"flow\",\"quick\":").append(quick)
            .append(",\"java\":\"").append(System.getProperty("java.version"))
            .append("\",\"cores\":").append(Runtime.getRuntime().availableProcessors())
            .append(",\"capacity\":").append(CAPACITY)
            .append(",\"halvedCapacity\":").append(HALVED_CAPACITY)
            .append(",\"baseLatencyMillis\":").append(ScenarioRun.BASE_LATENCY.toMillis())
            .append(",\"jitterMillis\":").append(ScenarioRun.JITTER.toMillis())
            .append(",\"rejectionLatencyMillis\":").append(ScenarioRun.REJECTION_LATENCY.toMillis())
            .append(",\"backlog\":").append(BACKLOG)
            .append(",\"executorThreads\":").append(ScenarioRun.EXECUTOR_THREADS)
            .append(",\"sampleMillis\":").append(ScenarioRun.SAMPLE_MILLIS)
            .append(",\"ratePerSecond\":").append(RATE_PER_SECOND)
            .append(",\"runs\":[");
        for (int i = 0; i < records.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n");
            records.get(i).appendJson(json);
        }
        return json.append("\n]}\n").toString();
    }

    private static void write(Path out, String json) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, json, StandardCharsets.UTF_8);
    }
}
