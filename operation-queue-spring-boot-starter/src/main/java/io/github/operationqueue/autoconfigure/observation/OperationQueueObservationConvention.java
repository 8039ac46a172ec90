package io.github.operationqueue.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the observation of an operation and its key values; declare a bean of this type to
 * replace {@link DefaultOperationQueueObservationConvention}.
 */
public interface OperationQueueObservationConvention extends ObservationConvention<OperationQueueObservationContext> {

    /**
     * Supports {@link OperationQueueObservationContext} only.
     *
     * @param context the context
     * @return whether {@code context} is an {@link OperationQueueObservationContext}
     */
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof OperationQueueObservationContext;
    }

}
