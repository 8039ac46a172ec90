package io.github.operationqueue.autoconfigure.observation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.operationqueue.QueuedOperation;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default convention names every operation of a queue with names built once for that queue, also
 * when one convention (a user's bean, say) serves several queues whose operations interleave, and
 * names each queue right.
 */
class DefaultOperationQueueObservationConventionTests {

    private final DefaultOperationQueueObservationConvention convention =
            new DefaultOperationQueueObservationConvention();

    @Test
    void buildsTheNamesOfEachQueueOnceWhenQueuesSharingTheConventionInterleave() throws Exception {
        List<OperationQueueObservationContext> contexts = new CopyOnWriteArrayList<>();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof OperationQueueObservationContext;
            }

            @Override
            public void onStart(Observation.Context context) {
                contexts.add((OperationQueueObservationContext) context);
            }
        });
        ObservationOperationDecorator mail = new ObservationOperationDecorator(registry, "mail", this.convention);
        ObservationOperationDecorator calendar = new ObservationOperationDecorator(registry, "calendar",
                this.convention);
        QueuedOperation noOp = () -> CompletableFuture.completedFuture(null);
        for (int i = 0; i < 2; i++) {
            mail.decorate(noOp).perform();
            calendar.decorate(noOp).perform();
        }
        assertThat(contexts).extracting(OperationQueueObservationContext::getQueueName)
            .containsExactly("mail", "calendar", "mail", "calendar");
        assertThat(contexts).as("a context of its own per operation: contexts are mutable").doesNotHaveDuplicates();

        KeyValues firstMail = this.convention.getLowCardinalityKeyValues(contexts.get(0));
        String firstMailName = this.convention.getContextualName(contexts.get(0));
        KeyValues firstCalendar = this.convention.getLowCardinalityKeyValues(contexts.get(1));
        this.convention.getContextualName(contexts.get(1));

        assertThat(firstMail).containsExactly(KeyValue.of("queue", "mail"));
        assertThat(firstMailName).isEqualTo("mail operation");
        assertThat(firstCalendar).containsExactly(KeyValue.of("queue", "calendar"));
        assertThat(this.convention.getLowCardinalityKeyValues(contexts.get(2))).isSameAs(firstMail);
        assertThat(this.convention.getContextualName(contexts.get(2))).isSameAs(firstMailName);
        assertThat(this.convention.getLowCardinalityKeyValues(contexts.get(3))).isSameAs(firstCalendar);
        assertThat(this.convention.getHighCardinalityKeyValues(contexts.get(3))).isEmpty();
    }

    @Test
    void namesEachQueueRightForContextsBuiltByHand() {
        for (String queue : new String[] { "mail", "calendar", "mail" }) {
            OperationQueueObservationContext context = new OperationQueueObservationContext(queue);
            assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactly(KeyValue.of("queue", queue));
            assertThat(this.convention.getContextualName(context)).isEqualTo(queue + " operation");
        }
    }

}
