package io.github.operationqueue.autoconfigure;

import io.micrometer.context.ContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;

/**
 * Builds the {@link ContextRegistry} that the starter's context propagation captures with: the
 * accessors of the JVM-wide registry plus one for the SLF4J MDC, which neither Micrometer nor
 * Spring Boot registers by default. It is a registry of the starter's own, so that nothing is
 * added to the global one: Reactor and every other library keep propagating exactly what they
 * did.
 */
final class QueueContextRegistry {

    private QueueContextRegistry() {
    }

    /**
     * Returns a new registry with the accessors {@code global} holds now, and the MDC accessor
     * unless {@code global} has one already. Accessors registered globally later are not seen.
     */
    static ContextRegistry create(ContextRegistry global) {
        ContextRegistry registry = new ContextRegistry();
        boolean mdc = false;
        for (ThreadLocalAccessor<?> accessor : global.getThreadLocalAccessors()) {
            registry.registerThreadLocalAccessor(accessor);
            mdc |= Slf4jThreadLocalAccessor.KEY.equals(accessor.key());
        }
        for (ContextAccessor<?, ?> accessor : global.getContextAccessors()) {
            registry.registerContextAccessor(accessor);
        }
        if (!mdc) {
            registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
        }
        return registry;
    }

}
