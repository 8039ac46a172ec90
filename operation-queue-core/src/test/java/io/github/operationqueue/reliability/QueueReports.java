package io.github.operationqueue.reliability;

import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.github.operationqueue.OperationQueue;
import org.slf4j.LoggerFactory;

/**
 * Adds up what an {@link OperationQueue} reports in its log: enqueues refused and operations abandoned at a
 * stop, as the counts its WARN lines carry. Keeps counts, not events, so that a soak can run for minutes.
 * {@link #close()} restores the logger.
 */
final class QueueReports extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(OperationQueue.class);

    private final Level previousLevel = this.logger.getLevel();

    private final boolean previousAdditive = this.logger.isAdditive();

    final LongAdder refused = new LongAdder();

    final LongAdder abandoned = new LongAdder();

    final LongAdder errors = new LongAdder();

    QueueReports() {
        setName("queue-reports");
        start();
        this.logger.addAppender(this);
        this.logger.setLevel(Level.WARN);
        // The queue's WARN lines are what this counts; the console needs none of them.
        this.logger.setAdditive(false);
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getMessage();
        Object[] arguments = event.getArgumentArray();
        if (message.contains("refused {} enqueues")) {
            this.refused.add(((Number) arguments[1]).longValue());
        }
        else if (message.contains("abandoned {} accepted operations")) {
            this.abandoned.add(((Number) arguments[1]).longValue());
        }
        if (event.getLevel() == Level.ERROR) {
            this.errors.increment();
        }
    }

    @Override
    public void close() {
        this.logger.detachAppender(this);
        this.logger.setLevel(this.previousLevel);
        this.logger.setAdditive(this.previousAdditive);
        stop();
    }
}
