package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The factory bean of the {@code Line} bean definitions of the configured lines: it hands out the
 * shared line of a name from the application's {@link Lines} registry, creating it on first use.
 */
final class LineScopedLines {

    /** The name of this factory's bean, which every line bean definition names. */
    static final String BEAN_NAME = "operationQueueLineScopedLines";

    private final ObjectProvider<Lines> lines;

    LineScopedLines(ObjectProvider<Lines> lines) {
        this.lines = lines;
    }

    /** The factory method of a named line's bean definition. */
    Line line(String name) {
        return this.lines.getObject().line(name);
    }

}
