package io.github.operationqueue.example.client;

/**
 * Where the client keeps its login when several instances of the application share it: every
 * instance reads the token from here, and the one that logs in again writes the new token here,
 * while it holds the line {@code remote-auth}. Without a bean of this type each instance keeps its
 * own token in memory (enough for one instance).
 *
 * <p>Implementations may block (a database query); they are called only from requests that met a
 * refused token, never on the path of a request that succeeds.
 */
public interface TokenStore {

    /**
     * Returns the token that was saved last, by any instance.
     *
     * @return the token's value, or {@code null} if no instance has logged in yet
     */
    String load();

    /**
     * Saves the token of a new login, for every instance.
     *
     * @param token the token's value
     */
    void save(String token);

}
