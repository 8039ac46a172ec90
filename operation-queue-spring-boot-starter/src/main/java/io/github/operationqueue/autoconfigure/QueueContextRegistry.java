package io.github.operationqueue.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
     * Returns a new registry with the accessors {@code global} holds now, then each of
     * {@code additional} (the application's {@code ThreadLocalAccessor} beans, such as the tracer's
     * span accessor) whose key {@code global} has not, and the MDC accessor unless one is there
     * already. Accessors registered globally later are not seen.
     */
    static ContextRegistry create(ContextRegistry global, List<ThreadLocalAccessor<?>> additional) {
        ContextRegistry registry = new ContextRegistry();
        Set<Object> keys = new HashSet<>();
        for (ThreadLocalAccessor<?> accessor : global.getThreadLocalAccessors()) {
            registry.registerThreadLocalAccessor(accessor);
            keys.add(accessor.key());
        }
        for (ThreadLocalAccessor<?> accessor : additional) {
            if (keys.add(accessor.key())) {
                registry.registerThreadLocalAccessor(accessor);
            }
        }
        boolean mdc = keys.contains(Slf4jThreadLocalAccessor.KEY);
        for (ContextAccessor<?, ?> accessor : global.getContextAccessors()) {
            registry.registerContextAccessor(accessor);
        }
        if (!mdc) {
            registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
        }
        return registry;
    }

}
