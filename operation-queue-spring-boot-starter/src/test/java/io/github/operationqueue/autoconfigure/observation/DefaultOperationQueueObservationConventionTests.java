package io.github.operationqueue.autoconfigure.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default convention names every operation of a queue with names it built once for that queue,
 * and still names each queue right when one convention serves several.
 */
class DefaultOperationQueueObservationConventionTests {

    private final DefaultOperationQueueObservationConvention convention =
            new DefaultOperationQueueObservationConvention();

    @Test
    void buildsTheNamesOfAQueueOnceForAllItsOperations() {
        OperationQueueObservationContext first = new OperationQueueObservationContext("mail");
        OperationQueueObservationContext second = new OperationQueueObservationContext("mail");

        KeyValues keyValues = this.convention.getLowCardinalityKeyValues(first);
        String contextualName = this.convention.getContextualName(first);

        assertThat(keyValues).containsExactly(KeyValue.of("queue", "mail"));
        assertThat(contextualName).isEqualTo("mail operation");
        assertThat(this.convention.getLowCardinalityKeyValues(second)).isSameAs(keyValues);
        assertThat(this.convention.getContextualName(second)).isSameAs(contextualName);
        assertThat(this.convention.getHighCardinalityKeyValues(second)).isEmpty();
    }

    @Test
    void namesEachQueueRightWhenOneConventionServesSeveral() {
        for (String queue : new String[] { "mail", "calendar", "mail" }) {
            OperationQueueObservationContext context = new OperationQueueObservationContext(queue);
            assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactly(KeyValue.of("queue", queue));
            assertThat(this.convention.getContextualName(context)).isEqualTo(queue + " operation");
        }
    }

}
