package io.github.operationqueue.line;

/**
 * Who holds a {@link Line}'s token, as far as this process knows: what {@link Line#holder()} returns.
 */
public enum LineHolder {

    /** Nobody: the line is free. */
    NONE,

    /** A caller in this process is asking the line's {@link LineCoordinator} for the shared lock. */
    ACQUIRING,

    /** A caller in this process holds the token (and, for a distributed line, the shared lock). */
    LOCAL,

    /** Another process holds the shared lock; this process waits for it to be released. */
    REMOTE

}
