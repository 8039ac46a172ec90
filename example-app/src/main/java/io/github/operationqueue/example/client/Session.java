package io.github.operationqueue.example.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The client's login: the token every request presents, replaced only by a new login. When the
 * application has a {@link TokenStore} (profile {@code shared-line}), the token lives there too, so
 * that every instance uses the login any of them made.
 *
 * <p>The store may block, and renewals run on whatever thread completed the refused request or the
 * login: a Reactor Netty event loop that every other connection's answers wait for. So the store is
 * called on the application's task executor instead.
 */
@Component
class Session {

    private static final Logger logger = LoggerFactory.getLogger(Session.class);

    private final RemoteHttp remote;

    /** The token shared by every instance, or null when this instance keeps its own. */
    private final TokenStore store;

    /** Where the store's calls run, off the event loops. */
    private final Executor storeCalls;

    // Replaced by renewIfStillCurrent (which runs while the line remote-auth is held) with a new
    // login's token or the token another instance saved.
    private volatile AccessToken current = AccessToken.NONE;

    // Logins made with no token to replace, told apart from the logins for expired tokens.
    private final AtomicLong startupLogins = new AtomicLong();

    Session(RemoteHttp remote, ObjectProvider<TokenStore> store,
            @Qualifier("applicationTaskExecutor") Executor storeCalls) {
        this.remote = remote;
        this.store = store.getIfAvailable();
        this.storeCalls = storeCalls;
    }

    /**
     * Returns the token requests should present now: this instance's copy, without asking the store
     * (a stale copy costs one refused request, which then reads the store).
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
     * Logs in again, unless the refused token was already replaced by an earlier login, of this
     * instance or (with a {@link TokenStore}) of any other. Call it only while holding the line
     * {@code remote-auth}: one caller at a time, across every instance that shares the line, makes
     * check-then-login atomic, so each refused token leads to exactly one login.
     *
     * @param refused the token the remote API refused
     * @return a future that completes once the session has a token other than {@code refused}
     */
    CompletableFuture<AccessToken> renewIfStillCurrent(AccessToken refused) {
        if (this.store == null) {
            return (this.current != refused) ? CompletableFuture.completedFuture(this.current) : logIn(refused);
        }
        return CompletableFuture.supplyAsync(this.store::load, this.storeCalls).thenCompose((stored) -> {
            if (stored != null && !stored.equals(refused.value())) {
                return CompletableFuture.completedFuture(adopt(stored));
            }
            return logIn(refused);
        });
    }

    /** Logs in, saves the new token in the store if there is one, then makes it this instance's. */
    private CompletableFuture<AccessToken> logIn(AccessToken refused) {
        CompletableFuture<AccessToken> login = this.remote.logIn();
        if (this.store != null) {
            login = login.thenApplyAsync((fresh) -> {
                this.store.save(fresh.value());
                return fresh;
            }, this.storeCalls);
        }
        return login.thenApply((fresh) -> {
            this.current = fresh;
            if (refused == AccessToken.NONE) {
                this.startupLogins.incrementAndGet();
            }
            logger.info("remote-auth: logged in ({})",
                    (refused == AccessToken.NONE) ? "first login" : "the token was refused");
            return fresh;
        });
    }

    /** Takes the token another instance saved, keeping this instance's copy if it is the same. */
    private AccessToken adopt(String stored) {
        AccessToken copy = this.current;
        if (!copy.value().equals(stored)) {
            copy = new AccessToken(stored);
            this.current = copy;
        }
        return copy;
    }

}
