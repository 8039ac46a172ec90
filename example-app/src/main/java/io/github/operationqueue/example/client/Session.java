package io.github.operationqueue.example.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** The client's login: the token every request presents, replaced only by a new login. */
@Component
class Session {

    private static final Logger logger = LoggerFactory.getLogger(Session.class);

    private final RemoteHttp remote;

    // Written only by renewIfStillCurrent, which runs only while the line remote-auth is held.
    private volatile AccessToken current = AccessToken.NONE;

    // Logins made with no token to replace, told apart from the logins for expired tokens.
    private final AtomicLong startupLogins = new AtomicLong();

    Session(RemoteHttp remote) {
        this.remote = remote;
    }

    /**
     * Returns the token requests should present now.
     *
     * @return the current token, or {@link AccessToken#NONE} before the first login
     */
    AccessToken current() {
        return this.current;
    }

    /**
     * Returns the logins made while the client had no token yet: the one at startup, or the first
     * request's if that one failed. Every other login replaced an expired token.
     *
     * @return how many logins had no token to replace
     */
    long startupLogins() {
        return this.startupLogins.get();
    }

    /**
     * Logs in again, unless the refused token was already replaced by an earlier login. Call it only
     * while holding the line {@code remote-auth}: one caller at a time makes check-then-login atomic,
     * so each refused token leads to exactly one login.
     *
     * @param refused the token the remote API refused
     * @return a future that completes once the session has a token other than {@code refused}
     */
    CompletableFuture<AccessToken> renewIfStillCurrent(AccessToken refused) {
        AccessToken token = this.current;
        if (token != refused) {
            return CompletableFuture.completedFuture(token);
        }
        return this.remote.logIn().thenApply((fresh) -> {
            this.current = fresh;
            if (refused == AccessToken.NONE) {
                this.startupLogins.incrementAndGet();
            }
            logger.info("remote-auth: logged in ({})",
                    (refused == AccessToken.NONE) ? "first login" : "the token was refused");
            return fresh;
        });
    }

}
