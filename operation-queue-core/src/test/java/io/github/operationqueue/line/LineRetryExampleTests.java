package io.github.operationqueue.line;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crate's README example in Java: a request that retries after an authentication error, keeps its token
 * across attempts with {@link AcquireOutcome#orToken(Token)}, and releases the line once it has succeeded.
 * Then the same under load, as when a shared login expires under parallel requests: 100 requests fail at
 * once, the login runs exactly once, and all 100 succeed. Once in the crate's style, once with
 * {@link Line#coalesce}.
 */
@Timeout(60)
class LineRetryExampleTests {

    private static final int REQUESTS = 100;

    private final ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);

    @AfterEach
    void shutDown() throws InterruptedException {
        this.pool.shutdownNow();
        assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRequestLogsInOnceRetriesAndReleasesTheLine() throws Exception {
        RemoteService service = new RemoteService();
        Request request = new Request(service, new Line("remote-auth"), Duration.ofSeconds(5));

        assertThat(request.perform()).isEqualTo("response 1");

        assertThat(service.logins.get()).isEqualTo(1);
        assertThat(request.authLine.status()).isInstanceOf(LineStatus.Free.class);
    }

    @Test
    @Tag("concurrency")
    void oneHundredRequestsHittingAnExpiredLoginLogInOnceAndAllSucceed() throws Exception {
        Line authLine = new Line("remote-auth");
        // The login holds on until the 99 other requests have all been told to wait.
        RemoteService service = new RemoteService(
                () -> await().atMost(Duration.ofSeconds(10)).until(() -> authLine.stats().busyCount() == REQUESTS - 1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> responses = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Request request = new Request(service, authLine, Duration.ofSeconds(10));
            responses.add(this.pool.submit(() -> {
                start.await();
                return request.perform();
            }));
        }

        start.countDown();

        for (Future<String> response : responses) {
            assertThat(response.get(20, TimeUnit.SECONDS)).isEqualTo("response 1");
        }
        assertThat(service.logins.get()).isEqualTo(1);
        assertThat(authLine.stats().acquiredCount()).isEqualTo(1);
        assertThat(authLine.status()).isInstanceOf(LineStatus.Free.class);
    }

    @Test
    @Tag("concurrency")
    void oneHundredAsynchronousRequestsCoalesceOnOneLogin() throws Exception {
        Line authLine = new Line("remote-auth");
        RemoteService service = new RemoteService(
                () -> await().atMost(Duration.ofSeconds(10)).until(() -> authLine.stats().busyCount() == REQUESTS - 1));
        AtomicInteger handlerRuns = new AtomicInteger();
        ExecutorService loginThread = Executors.newSingleThreadExecutor();
        try {
            List<CompletableFuture<String>> responses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int used = service.session.get();
                responses.add(CompletableFuture.supplyAsync(() -> service.send(used), this.pool)
                    .exceptionallyCompose((failure) -> authLine
                        // runs the handler in one request only; the others wait for its outcome
                        .coalesce(() -> CompletableFuture.runAsync(() -> {
                            handlerRuns.incrementAndGet();
                            service.logInIfStillCurrent(used);
                        }, loginThread))
                        .thenApplyAsync((ignored) -> service.send(service.session.get()), this.pool)));
            }

            for (CompletableFuture<String> response : responses) {
                assertThat(response.get(20, TimeUnit.SECONDS)).isEqualTo("response 1");
            }
        }
        finally {
            loginThread.shutdownNow();
        }
        assertThat(handlerRuns.get()).isEqualTo(1);
        assertThat(service.logins.get()).isEqualTo(1);
        assertThat(authLine.status()).isInstanceOf(LineStatus.Free.class);
    }

    /** The request of the crate's README. */
    static final class Request {

        private final RemoteService service;

        final Line authLine;

        private final Duration maxWait;

        Request(RemoteService service, Line authLine, Duration maxWait) {
            this.service = service;
            this.authLine = authLine;
            this.maxWait = maxWait;
        }

        // README: line
        String perform() throws Exception {
            // Keep the token across attempts: once acquired, the line stays ours until the request is done,
            // so that nobody else logs in again while we retry.
            Token token = null;
            try {
                for (int attempt = 1;; attempt++) {
                    int session = this.service.currentSession();
                    try {
                        return this.service.send(session);
                    }
                    catch (AuthenticationException ex) {
                        if (attempt == 5) {
                            throw ex;
                        }
                        // orToken substitutes the token we already hold from an earlier attempt.
                        AcquireOutcome outcome = this.authLine.tryAcquireToken().orToken(token);
                        if (outcome instanceof AcquireOutcome.Success success) {
                            token = success.token();
                            this.service.logInIfStillCurrent(session); // we handle the error
                        }
                        else if (outcome instanceof AcquireOutcome.Failure failure) {
                            // another request handles it: wait, then retry
                            failure.released().get(this.maxWait.toMillis(), TimeUnit.MILLISECONDS);
                        }
                    }
                }
            }
            finally {
                if (token != null) {
                    token.close(); // done (or given up): release the line
                }
            }
        }
        // README: end
    }

    /** A remote service whose session 0 has expired; a login starts the next session. */
    static final class RemoteService {

        final AtomicInteger session = new AtomicInteger();

        final AtomicInteger logins = new AtomicInteger();

        int currentSession() {
            return this.session.get();
        }

        private final Runnable beforeLogin;

        RemoteService() {
            this(() -> {
            });
        }

        RemoteService(Runnable beforeLogin) {
            this.beforeLogin = beforeLogin;
        }

        String send(int usedSession) {
            if (usedSession == 0 || usedSession != this.session.get()) {
                throw new AuthenticationException("session " + usedSession + " expired");
            }
            return "response " + usedSession;
        }

        /** Logs in, unless the session that failed has been replaced already (by another request). */
        void logInIfStillCurrent(int failedSession) {
            if (this.session.get() == failedSession) {
                this.beforeLogin.run();
                this.logins.incrementAndGet();
                this.session.incrementAndGet();
            }
        }
    }

    /** What the remote service answers for an expired session. */
    static final class AuthenticationException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        AuthenticationException(String message) {
            super(message);
        }
    }
}
