package io.github.operationqueue.example.remote;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues the stand-in's bearer tokens and checks them, counting logins and met expiries.
 *
 * <p>An issued token is remembered until a request presents it after it expired: that request meets the
 * expiry (counted once), and the token is forgotten, so later requests with it are refused as unknown.
 * A client that logs in again only after its token was refused thus keeps at most its current token
 * here.
 */
@Component
public class TokenIssuer {

    private final long lifetimeNanos;

    private final LongSupplier nanoClock;

    private final Map<String, Long> deadlineByToken = new ConcurrentHashMap<>();

    private final AtomicLong logins = new AtomicLong();

    private final AtomicLong expiriesMet = new AtomicLong();

    private final AtomicLong loginsWhileValid = new AtomicLong();

    @Autowired
    TokenIssuer(RemoteProperties properties) {
        this(properties.tokenLifetime(), System::nanoTime);
    }

    TokenIssuer(Duration lifetime, LongSupplier nanoClock) {
        this.lifetimeNanos = lifetime.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Issues a new token, valid for the configured lifetime; counts one login.
     *
     * @return the new token's value
     */
    String issue() {
        String token = UUID.randomUUID().toString();
        long now = this.nanoClock.getAsLong();
        // A client that shares one login logs in only once its token has expired.
        if (this.deadlineByToken.values().stream().anyMatch((deadline) -> now - deadline < 0)) {
            this.loginsWhileValid.incrementAndGet();
        }
        this.deadlineByToken.put(token, now + this.lifetimeNanos);
        this.logins.incrementAndGet();
        return token;
    }

    /**
     * Returns the logins made while an earlier token was still valid: none for one client that logs in
     * only when its token expired; one per login for instances that each keep a login of their own.
     *
     * @return how many tokens were issued while another issued token was still valid
     */
    public long loginsWhileValid() {
        return this.loginsWhileValid.get();
    }

    /**
     * Checks a token a request presents.
     *
     * @param token the token, or {@code null} when the request has none
     * @return whether it is valid, expired (reported once per token) or unknown
     */
    public TokenCheck check(String token) {
        Long deadline = (token != null) ? this.deadlineByToken.get(token) : null;
        if (deadline == null) {
            return TokenCheck.UNKNOWN;
        }
        if (this.nanoClock.getAsLong() - deadline < 0) {
            return TokenCheck.VALID;
        }
        // Only the request that removes the token counts its expiry, however many present it at once.
        if (this.deadlineByToken.remove(token) != null) {
            this.expiriesMet.incrementAndGet();
        }
        return TokenCheck.EXPIRED;
    }

    /**
     * Returns the login requests received since startup.
     *
     * @return how many tokens were issued
     */
    public long logins() {
        return this.logins.get();
    }

    /**
     * Returns the expiries met since startup: tokens that some request presented after they expired.
     *
     * @return how many expired tokens were refused, counting each token once
     */
    public long expiriesMet() {
        return this.expiriesMet.get();
    }

    long lifetimeSeconds() {
        return Math.max(1, (this.lifetimeNanos + 999_999_999L) / 1_000_000_000L);
    }

}
