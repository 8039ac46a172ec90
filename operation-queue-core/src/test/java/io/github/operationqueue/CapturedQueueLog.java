package io.github.operationqueue;

import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * What {@link OperationQueue} logs during a test, read by the test and kept off the console. The
 * list tolerates appends from other threads (the failure log's timer) while a test reads it.
 */
final class CapturedQueueLog extends ListAppender<ILoggingEvent> {

    private final Logger queueLogger = (Logger) LoggerFactory.getLogger(OperationQueue.class);

    // The level logback-test.xml gives the queue's logger, put back by release().
    private Level configuredLevel;

    CapturedQueueLog() {
        this.list = new CopyOnWriteArrayList<>();
    }

    /** Starts capturing everything the queue logs at INFO and above, and nothing else sees it. */
    void capture() {
        this.list.clear();
        start();
        this.queueLogger.addAppender(this);
        this.configuredLevel = this.queueLogger.getLevel();
        this.queueLogger.setLevel(Level.INFO);
        this.queueLogger.setAdditive(false);
    }

    /** Gives the queue's logger back as the test found it. */
    void release() {
        this.queueLogger.detachAppender(this);
        this.queueLogger.setLevel(this.configuredLevel);
        this.queueLogger.setAdditive(true);
    }
}
