package io.github.operationqueue.autoconfigure;

import java.util.function.Function;

import io.github.operationqueue.line.LineCoordinator;
import org.jspecify.annotations.Nullable;

/**
 * Gives each line that the configuration shares with other instances its {@link LineCoordinator}:
 * what the {@code Lines} registry bean is created with. A bean of this type exists only when a line
 * support for shared lines is on the classpath (see {@link SharedLinesAutoConfiguration}); without
 * one every line is local.
 */
interface SharedLineCoordinators extends Function<String, @Nullable LineCoordinator> {

    /**
     * Returns the coordinator of the line {@code name}, created on first call.
     *
     * @param name the line's name
     * @return its coordinator, or {@code null} for a local line
     */
    @Override
    @Nullable LineCoordinator apply(String name);

}
