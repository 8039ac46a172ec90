package io.github.operationqueue.example.client;

/** The remote API answered something the client cannot use, or kept refusing a request until it gave up. */
public class RemoteServiceException extends RuntimeException {

    RemoteServiceException(String message) {
        super(message);
    }

}
