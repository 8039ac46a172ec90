package io.github.operationqueue.autoconfigure;

import java.util.List;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry the starter captures context with: the global accessors first, an accessor bean only
 * for a key the global registry lacks (the tracing accessors the starter contributes included), the
 * MDC exactly once, and the global registry left as it was.
 */
class QueueContextRegistryTests {

    @Test
    void keepsTheGloballyRegisteredAccessorForAKeyAlsoContributedAsABean() {
        ContextRegistry global = new ContextRegistry();
        ThreadLocalAccessor<String> globalSpan = new NamedAccessor("micrometer.tracing", "global");
        global.registerThreadLocalAccessor(globalSpan);
        ThreadLocalAccessor<String> beanSpan = new NamedAccessor("micrometer.tracing", "bean");
        ThreadLocalAccessor<String> beanOther = new NamedAccessor("other", "bean");

        ContextRegistry registry = QueueContextRegistry.create(global, List.of(beanSpan, beanOther));

        assertThat(registry.getThreadLocalAccessors()).containsExactly(globalSpan, beanOther,
                registry.getThreadLocalAccessors().get(2));
        assertThat(registry.getThreadLocalAccessors().get(2).key()).isEqualTo(Slf4jThreadLocalAccessor.KEY);
        assertThat(global.getThreadLocalAccessors()).containsExactly(globalSpan);
    }

    @Test
    void addsNoSecondMdcAccessorWhenOneIsThereAlready() {
        ContextRegistry global = new ContextRegistry();
        Slf4jThreadLocalAccessor mdc = new Slf4jThreadLocalAccessor();
        global.registerThreadLocalAccessor(mdc);

        ContextRegistry registry = QueueContextRegistry.create(global, List.of());

        assertThat(registry.getThreadLocalAccessors()).containsExactly(mdc);
    }

    /** An accessor that only has a key (the registry decides by key alone) and where it came from. */
    private record NamedAccessor(String key, String origin) implements ThreadLocalAccessor<String> {

        @Override
        public String getValue() {
            return null;
        }

        @Override
        public void setValue(String value) {
        }

        @Override
        public void setValue() {
        }

    }

}
