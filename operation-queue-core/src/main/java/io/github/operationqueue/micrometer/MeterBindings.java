package io.github.operationqueue.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;

/**
 * The registries one binder is bound to, with the meters it registered in each: binds at most once
 * per registry, and removes everything on {@link #close()}, after which it binds nothing.
 *
 * <p>Thread-safe: {@link #bind} and {@link #close()} are serialized on this object; the callbacks
 * they run only register or remove meters and listeners.
 */
final class MeterBindings {

    private final String owner;

    private final Logger logger;

    // guarded by this
    private final List<BoundMeters> bindings = new ArrayList<>();

    // guarded by this
    private boolean closed;

    /**
     * Creates bindings for one observed queue or line.
     * @param owner the queue or line name that starts each log line
     * @param logger the owning binder's logger
     */
    MeterBindings(String owner, Logger logger) {
        this.owner = owner;
        this.logger = logger;
    }

    /**
     * Registers meters in {@code registry} with {@code registerMeters}, unless this was closed or is
     * already bound to {@code registry}.
     * @param registry the registry
     * @param registerMeters registers the meters through the {@link BoundMeters} it is given
     */
    synchronized void bind(MeterRegistry registry, Consumer<BoundMeters> registerMeters) {
        if (this.closed) {
            this.logger.debug("{}: metrics were closed; not binding them again", this.owner);
            return;
        }
        for (BoundMeters binding : this.bindings) {
            if (binding.registry() == registry) {
                this.logger.debug("{}: metrics are already bound to this registry", this.owner);
                return;
            }
        }
        BoundMeters meters = new BoundMeters(registry, this.owner, this.logger);
        this.bindings.add(meters);
        registerMeters.accept(meters);
    }

    /** Removes every meter of every binding, with its listener; idempotent and final. */
    synchronized void close() {
        this.closed = true;
        this.bindings.forEach(BoundMeters::removeAll);
        this.bindings.clear();
    }
}
