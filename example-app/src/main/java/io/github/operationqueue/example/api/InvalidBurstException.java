package io.github.operationqueue.example.api;

/** A burst request whose {@code requests} parameter is missing or out of range. */
class InvalidBurstException extends RuntimeException {

    InvalidBurstException(String message) {
        super(message);
    }

}
