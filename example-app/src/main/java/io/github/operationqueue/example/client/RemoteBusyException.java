package io.github.operationqueue.example.client;

/**
 * The remote API answered 503 or 429 without saying when to come back: it has no room now. A request
 * that gets it fails its operation of the queue {@code remote-service} with this exception, which the
 * queue counts as overload (see {@link RemoteServiceOverload}), and the client retries it after a back-off.
 */
final class RemoteBusyException extends RemoteServiceException {

    private static final long serialVersionUID = 1L;

    RemoteBusyException(String message) {
        super(message);
    }

}
