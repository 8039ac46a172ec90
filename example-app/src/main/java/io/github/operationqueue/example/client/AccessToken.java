package io.github.operationqueue.example.client;

/**
 * A bearer token the remote API issued, or {@link #NONE} before the first login.
 *
 * <p>Tokens are compared by identity: each login yields a new instance, which is what
 * {@link Session#renewIfStillCurrent(AccessToken)} relies on.
 */
final class AccessToken {

    static final AccessToken NONE = new AccessToken("");

    private final String value;

    AccessToken(String value) {
        this.value = value;
    }

    String value() {
        return this.value;
    }

    @Override
    public String toString() {
        // Never show the secret, not even in a log line.
        return (this == NONE) ? "AccessToken[none]" : "AccessToken[...]";
    }

}
