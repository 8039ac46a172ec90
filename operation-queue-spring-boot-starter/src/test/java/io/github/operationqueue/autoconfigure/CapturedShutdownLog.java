package io.github.operationqueue.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.operationqueue.OperationQueue;
import org.slf4j.LoggerFactory;

/**
 * What a shutdown logs during a test, from the queue's and the lifecycle's loggers together, at INFO
 * and above, read by the test and kept off the console. The list tolerates appends from the threads
 * that finish the drains while a test reads it.
 */
final class CapturedShutdownLog extends ListAppender<ILoggingEvent> {

    private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(OperationQueue.class),
            (Logger) LoggerFactory.getLogger(OperationQueueLifecycle.class));

    // The levels logback-test.xml gives these loggers, put back by release().
    private final List<Level> configuredLevels = new ArrayList<>();

    CapturedShutdownLog() {
        this.list = new CopyOnWriteArrayList<>();
    }

    /** Starts capturing. */
    void capture() {
        start();
        for (Logger logger : this.loggers) {
            this.configuredLevels.add(logger.getLevel());
            logger.addAppender(this);
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
        }
    }

    /** Gives the loggers back as the test found them. */
    void release() {
        for (int index = 0; index < this.loggers.size(); index++) {
            Logger logger = this.loggers.get(index);
            logger.detachAppender(this);
            logger.setLevel(this.configuredLevels.get(index));
            logger.setAdditive(true);
        }
        this.configuredLevels.clear();
    }

    /** The messages logged at {@code level} or above. */
    List<String> messages(Level level) {
        return this.list.stream()
            .filter((event) -> event.getLevel().isGreaterOrEqual(level))
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    }

}
