package io.github.operationqueue.reliability;

/** The failure an operation of a reliability test throws on purpose; one message, so one log cause. */
final class SoakFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SoakFailure() {
        super("failed on purpose by a reliability test", null, false, false);
    }
}
