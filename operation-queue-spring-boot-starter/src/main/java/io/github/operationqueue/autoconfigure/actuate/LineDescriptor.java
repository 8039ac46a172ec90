package io.github.operationqueue.autoconfigure.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineStats;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code lines} endpoint shows of one line.
 *
 * @param name the line's name
 * @param busy whether the line's token is held
 * @param waiters callers waiting for the current holder to release the line
 * @param acquisitions attempts to acquire the token since the line was created, by outcome:
 *        {@code acquired} (got the token) and {@code busy} (found it held)
 * @param lastHold how long the most recently released token was held, as an ISO-8601 duration
 *        ({@code PT0S} if none was)
 * @param distributed whether the line is shared with other instances through a lock registry
 * @param holder who holds the token, as far as this instance knows: {@code none}, {@code acquiring}
 *        (this instance is asking the lock registry), {@code local} or {@code remote} (another instance)
 */
public record LineDescriptor(String name, boolean busy, int waiters, Map<String, Long> acquisitions, String lastHold,
        boolean distributed, String holder) implements OperationResponseBody {

    /**
     * Creates a descriptor; the map is copied, keeping its order.
     *
     * @param name the line's name
     * @param busy whether the token is held
     * @param waiters waiting callers
     * @param acquisitions acquisition attempts by outcome
     * @param lastHold the last hold time, ISO-8601
     * @param distributed whether the line is shared with other instances
     * @param holder who holds the token
     */
    public LineDescriptor {
        acquisitions = Collections.unmodifiableMap(new LinkedHashMap<>(acquisitions));
    }

    /**
     * Describes a line from a snapshot of its stats and its holder.
     *
     * @param line the line
     * @return the descriptor
     */
    public static LineDescriptor of(Line line) {
        LineStats stats = line.stats();
        Map<String, Long> acquisitions = new LinkedHashMap<>();
        acquisitions.put("acquired", stats.acquiredCount());
        acquisitions.put("busy", stats.busyCount());
        return new LineDescriptor(stats.name(), stats.busy(), stats.waiters(), acquisitions,
                stats.lastHold().toString(), line.isDistributed(), line.holder().name().toLowerCase(Locale.ROOT));
    }

}
