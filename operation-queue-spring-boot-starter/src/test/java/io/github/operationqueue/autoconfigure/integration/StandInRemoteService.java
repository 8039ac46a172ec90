package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for a remote service that every instance of the application uses with one shared account:
 * a call succeeds with the current session, a login replaces the session (revoking the old one) and
 * takes a while, and the service counts completed logins. The session is what the instances share
 * (in real life: the account's token in a shared store).
 */
final class StandInRemoteService {

    private final Duration loginTime;

    /** The account's session; replaced as a whole, so that a caller never sees a new id still expired. */
    private final AtomicReference<Session> session = new AtomicReference<>(new Session(1, false));

    private final AtomicInteger logins = new AtomicInteger();

    private final AtomicInteger loginsInProgress = new AtomicInteger();

    private final AtomicInteger mostLoginsAtOnce = new AtomicInteger();

    private final Set<String> deadInstances = ConcurrentHashMap.newKeySet();

    /** Logins wait for this; complete unless a test holds logins back. */
    private volatile CompletableFuture<Void> loginGate = CompletableFuture.completedFuture(null);

    /** Completed with the instance of the first login that starts while logins are held back. */
    private volatile CompletableFuture<String> loginStarted = new CompletableFuture<>();

    StandInRemoteService(Duration loginTime) {
        this.loginTime = loginTime;
    }

    long session() {
        return this.session.get().id();
    }

    boolean call(long session) {
        Session current = this.session.get();
        return !current.expired() && session == current.id();
    }

    /** The account's login expires: every call fails until somebody logs in again. */
    void expire() {
        this.session.updateAndGet((current) -> new Session(current.id(), true));
    }

    void login(String instance) throws Exception {
        int atOnce = this.loginsInProgress.incrementAndGet();
        this.mostLoginsAtOnce.accumulateAndGet(atOnce, Math::max);
        try {
            this.loginStarted.complete(instance);
            this.loginGate.get(30, TimeUnit.SECONDS);
            Thread.sleep(this.loginTime.toMillis()); // the remote round trips of a login
            if (this.deadInstances.contains(instance)) {
                throw new IllegalStateException(instance + " died in the middle of its login");
            }
            this.logins.incrementAndGet();
            this.session.updateAndGet((current) -> new Session(current.id() + 1, false));
        }
        finally {
            this.loginsInProgress.decrementAndGet();
        }
    }

    /** Holds logins back until the returned future completes; {@link #loginStarted()} tells who started one. */
    CompletableFuture<Void> holdLogins() {
        this.loginStarted = new CompletableFuture<>();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        this.loginGate = gate;
        return gate;
    }

    CompletableFuture<String> loginStarted() {
        return this.loginStarted;
    }

    /** Logins by {@code instance} that are under way fail: it died. */
    void kill(String instance) {
        this.deadInstances.add(instance);
    }

    int logins() {
        return this.logins.get();
    }

    int mostLoginsAtOnce() {
        return this.mostLoginsAtOnce.get();
    }

    private record Session(long id, boolean expired) {
    }

}
