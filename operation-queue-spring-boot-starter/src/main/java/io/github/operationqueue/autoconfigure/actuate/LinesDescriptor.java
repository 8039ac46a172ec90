package io.github.operationqueue.autoconfigure.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code lines} endpoint shows of every line.
 *
 * @param lines each line's descriptor by name, in name order
 */
public record LinesDescriptor(Map<String, LineDescriptor> lines) implements OperationResponseBody {

    /**
     * Creates a descriptor; the map is copied, keeping its order.
     *
     * @param lines each line's descriptor by name
     */
    public LinesDescriptor {
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }

}
