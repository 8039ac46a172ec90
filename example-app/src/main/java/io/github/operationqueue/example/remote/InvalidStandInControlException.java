package io.github.operationqueue.example.remote;

/**
 * A value out of range for one of the stand-in's test hooks ({@code k} of {@code POST /remote/capacity},
 * {@code seconds} of {@code POST /remote/maintenance}): answered 400 by {@link CapacityController}.
 */
final class InvalidStandInControlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    private final transient Object value;

    InvalidStandInControlException(String parameter, Object value, IllegalArgumentException cause) {
        super(cause.getMessage(), cause);
        this.parameter = parameter;
        this.value = value;
    }

    String parameter() {
        return this.parameter;
    }

    Object value() {
        return this.value;
    }

}
