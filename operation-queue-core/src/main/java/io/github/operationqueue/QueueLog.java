package io.github.operationqueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger of a queue and all its parts, named after {@link OperationQueue} so that one setting
 * covers them all. Named by string, not by class literal, so that the parts below
 * {@code OperationQueue} do not refer to it (see {@code ArchitectureTests}).
 */
final class QueueLog {

    static final Logger LOGGER = LoggerFactory.getLogger("io.github.operationqueue.OperationQueue");

    private QueueLog() {
    }
}
