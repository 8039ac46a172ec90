package io.github.operationqueue.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;

/**
 * The meters one binder registered in one registry, so that they can be removed again. A meter the
 * registry refuses (for example because a meter of another type or with other tag keys already has
 * its name) is logged and skipped: binding never throws.
 *
 * <p>Not thread-safe; the owning binder calls it under its own lock.
 */
final class BoundMeters {

    private final MeterRegistry registry;

    private final String owner;

    private final Logger logger;

    private final List<Meter> meters = new ArrayList<>();

    private final List<Runnable> beforeRemoval = new ArrayList<>();

    /**
     * Creates an empty set of meters for {@code registry}.
     * @param registry the registry the meters are registered in
     * @param owner the queue or line name that starts each log line
     * @param logger the owning binder's logger
     */
    BoundMeters(MeterRegistry registry, String owner, Logger logger) {
        this.registry = registry;
        this.owner = owner;
        this.logger = logger;
    }

    MeterRegistry registry() {
        return this.registry;
    }

    /**
     * Registers a meter with {@code register} and remembers it.
     * @param name the meter's name, for the log line if the registry refuses it
     * @param register registers the meter in the registry it is given
     * @param <M> the type of meter
     * @return the meter, or {@code null} if the registry refused it
     */
    <M extends Meter> M add(String name, Function<MeterRegistry, M> register) {
        try {
            M meter = register.apply(this.registry);
            this.meters.add(meter);
            return meter;
        }
        catch (RuntimeException ex) {
            this.logger.warn("{}: could not register meter {}; it is skipped ({})", this.owner, name,
                    ex.toString());
            return null;
        }
    }

    /**
     * Remembers an action to run before the meters are removed, such as removing the listener
     * that feeds them.
     * @param action the action; it must not throw
     */
    void beforeRemoval(Runnable action) {
        this.beforeRemoval.add(action);
    }

    /**
     * Runs the {@link #beforeRemoval} actions, then removes every meter registered through this
     * object from the registry.
     */
    void removeAll() {
        this.beforeRemoval.forEach(Runnable::run);
        this.beforeRemoval.clear();
        for (Meter meter : this.meters) {
            try {
                this.registry.remove(meter);
            }
            catch (RuntimeException ex) {
                this.logger.warn("{}: could not remove meter {}; it stays registered ({})", this.owner,
                        meter.getId().getName(), ex.toString());
            }
        }
        this.meters.clear();
    }
}
