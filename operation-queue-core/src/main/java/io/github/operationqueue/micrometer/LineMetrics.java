package io.github.operationqueue.micrometer;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineHolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the meters of one {@link Line}, each tagged {@value MeterNames#LINE} with the line's
 * {@link Line#name() name} plus the extra tags given to the constructor:
 * <ul>
 * <li>{@value MeterNames#LINE_BUSY} (gauge, tokens): 1 while the line's token is held, 0 while
 * the line is free;</li>
 * <li>{@value MeterNames#LINE_ACQUISITIONS} (counter, acquisitions), tag
 * {@value MeterNames#OUTCOME} {@code acquired} or {@code busy}: attempts to acquire the token
 * (by {@link Line#tryAcquireToken()} or {@link Line#coalesce}) that got it, and those that found
 * it held by another caller;</li>
 * <li>{@value MeterNames#LINE_HELD} (timer): how long tokens were held, from acquisition to
 * release;</li>
 * <li>for a {@linkplain Line#isDistributed() distributed} line only:
 * {@value MeterNames#LINE_HOLDER} (gauge, tokens), tags {@value MeterNames#HOLDER} {@code local}
 * or {@code remote} and {@value MeterNames#DISTRIBUTED} {@code true}: who holds the token
 * ({@link Line#holder()}); the {@value MeterNames#LINE_ACQUISITIONS} outcome {@code failed} (its
 * coordinator failed or timed out); and {@value MeterNames#LINE_LEASES_LOST} (counter): shared
 * locks found lost while held. A local line's holder is always local, so its busy gauge says it
 * all.</li>
 * </ul>
 * The timer is in the registry's base time unit.
 *
 * <p><b>Sources.</b> The gauges read {@link Line#holder()} when the registry publishes them, and hold
 * the line weakly, as Micrometer gauges do: the application keeps the line alive (as this binder
 * does, for as long as it is referenced). The counters and the timer are fed by a
 * {@link io.github.operationqueue.line.LineListener} that {@link #bindTo} adds to the line, so
 * they count the acquisitions and releases that happen after binding; {@link Line#stats()} has the
 * counts since the line was created.
 *
 * <p><b>Lifecycle.</b> Bind each line once per registry: {@link #bindTo} may be called for several
 * registries (each gets its own meters and listener), and a second call for the same registry is
 * ignored. {@link #close()} removes every meter this binder registered and its listeners, and is
 * final: a later {@code bindTo} registers nothing. Two binders for the same line in the same
 * registry would share meters and count everything twice.
 *
 * <p><b>Failure.</b> Binding never throws for a meter the registry refuses (say, a meter of another
 * type already has its name and tags): that meter is logged with the line's name and skipped, and
 * the others are registered.
 *
 * <p><b>Threads.</b> Thread-safe. {@link #bindTo} and {@link #close()} run on the calling thread
 * and are serialized; they block only for as long as the registry takes to add or remove a meter.
 * The gauge function runs on the thread that publishes the registry and never blocks; counters
 * and the timer are updated on the threads that acquire and release the line, and never block.
 */
public final class LineMetrics implements MeterBinder, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(LineMetrics.class);

    private static final String TOKENS = "tokens";

    private static final String ACQUISITIONS = "acquisitions";

    private final Line line;

    private final Tags tags;

    private final MeterBindings bindings;

    /**
     * Creates a binder for {@code line}, with no tag other than {@value MeterNames#LINE}.
     *
     * @param line the line to observe
     * @throws NullPointerException if {@code line} is {@code null}
     */
    public LineMetrics(Line line) {
        this(line, Tags.empty());
    }

    /**
     * Creates a binder for {@code line} that adds {@code tags} to every meter. The
     * {@value MeterNames#LINE} tag is always the line's name, whatever {@code tags} holds.
     *
     * @param line the line to observe
     * @param tags extra tags for every meter, such as the application's name
     * @throws NullPointerException if {@code line} or {@code tags} is {@code null}
     */
    public LineMetrics(Line line, Iterable<Tag> tags) {
        this.line = Objects.requireNonNull(line, "line must not be null");
        Objects.requireNonNull(tags, "tags must not be null");
        this.tags = Tags.of(tags).and(MeterNames.LINE, line.name());
        this.bindings = new MeterBindings(line.name(), logger);
    }

    /**
     * Creates a binder for {@code line} and binds it to {@code registry}; close the returned binder
     * to remove the meters again.
     *
     * @param registry the registry to publish to
     * @param line the line to observe
     * @param tags extra tags for every meter
     * @return the bound binder
     * @throws NullPointerException if an argument is {@code null}
     */
    public static LineMetrics monitor(MeterRegistry registry, Line line, Iterable<Tag> tags) {
        LineMetrics metrics = new LineMetrics(line, tags);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * Creates a binder for {@code line} and binds it to {@code registry}; close the returned binder
     * to remove the meters again.
     *
     * @param registry the registry to publish to
     * @param line the line to observe
     * @param tags extra tags for every meter, as key and value pairs
     * @return the bound binder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code tags} has an odd number of elements
     */
    public static LineMetrics monitor(MeterRegistry registry, Line line, String... tags) {
        return monitor(registry, line, Tags.of(tags));
    }

    /**
     * Registers this line's meters in {@code registry} and adds the listener that feeds its counters
     * and timer to the line. Does nothing if this binder is already bound to {@code registry} or was
     * closed. A meter the registry refuses is logged and skipped; see the class description.
     *
     * @param registry the registry to publish to
     * @throws NullPointerException if {@code registry} is {@code null}
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        this.bindings.bind(registry, this::bindMeters);
    }

    /**
     * Removes the listeners this binder added to the line and every meter it registered, in every
     * registry it was bound to. Idempotent; the line itself is left alone.
     */
    @Override
    public void close() {
        this.bindings.close();
    }

    @Override
    public String toString() {
        return "LineMetrics[" + this.line.name() + "]";
    }

    private void bindMeters(BoundMeters meters) {
        meters.add(MeterNames.LINE_BUSY, (registry) -> Gauge
            // Not stats(): a snapshot counts the waiters by walking them, 10,000 nodes in a storm, per scrape.
            .builder(MeterNames.LINE_BUSY, this.line, (line) -> (line.holder() != LineHolder.NONE) ? 1 : 0)
            .tags(this.tags)
            .description("1 while the line's token is held, 0 while the line is free")
            .baseUnit(TOKENS)
            .register(registry));
        Counter acquired = meters.add(MeterNames.LINE_ACQUISITIONS, (registry) -> acquisitions(registry, "acquired"));
        Counter busy = meters.add(MeterNames.LINE_ACQUISITIONS, (registry) -> acquisitions(registry, "busy"));
        Timer held = meters.add(MeterNames.LINE_HELD, (registry) -> Timer.builder(MeterNames.LINE_HELD)
            .tags(this.tags)
            .description("How long the line's tokens were held, from acquisition to release")
            .register(registry));
        Counter failed = null;
        Counter leasesLost = null;
        if (this.line.isDistributed()) {
            bindDistributedGauges(meters);
            failed = meters.add(MeterNames.LINE_ACQUISITIONS, (registry) -> acquisitions(registry, "failed"));
            leasesLost = meters.add(MeterNames.LINE_LEASES_LOST, (registry) -> Counter
                .builder(MeterNames.LINE_LEASES_LOST)
                .tags(this.tags)
                .description("Times the shared lock was found lost while this process still held the line's token")
                .register(registry));
        }
        LineTimingListener listener = new LineTimingListener(acquired, busy, held, failed, leasesLost);
        meters.beforeRemoval(() -> this.line.removeListener(listener));
        this.line.addListener(listener);
    }

    private void bindDistributedGauges(BoundMeters meters) {
        for (LineHolder holder : List.of(LineHolder.LOCAL, LineHolder.REMOTE)) {
            meters.add(MeterNames.LINE_HOLDER, (registry) -> Gauge
                .builder(MeterNames.LINE_HOLDER, this.line, (line) -> (line.holder() == holder) ? 1 : 0)
                .tags(this.tags)
                .tag(MeterNames.HOLDER, holder.name().toLowerCase(Locale.ROOT))
                .tag(MeterNames.DISTRIBUTED, Boolean.toString(this.line.isDistributed()))
                .description("1 while the line's token is held by this holder: local (a caller in this process) "
                        + "or remote (another process)")
                .baseUnit(TOKENS)
                .register(registry));
        }
    }

    private Counter acquisitions(MeterRegistry registry, String outcome) {
        return Counter.builder(MeterNames.LINE_ACQUISITIONS)
            .tags(this.tags)
            .tag(MeterNames.OUTCOME, outcome)
            .description("Attempts to acquire the line's token, by outcome")
            .baseUnit(ACQUISITIONS)
            .register(registry);
    }
}
