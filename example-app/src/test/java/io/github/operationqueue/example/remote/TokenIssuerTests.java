package io.github.operationqueue.example.remote;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class TokenIssuerTests {

    private final AtomicLong now = new AtomicLong();

    private final TokenIssuer tokens = new TokenIssuer(Duration.ofSeconds(3), this.now::get);

    @Test
    void aTokenIsValidUntilItsLifetimeHasPassed() {
        String token = this.tokens.issue();
        this.now.addAndGet(Duration.ofSeconds(3).toNanos() - 1);

        assertThat(this.tokens.check(token)).isEqualTo(TokenCheck.VALID);
        assertThat(this.tokens.logins()).isOne();
        assertThat(this.tokens.expiriesMet()).isZero();
    }

    @Test
    void aLoginWhileAnEarlierTokenIsStillValidIsCountedAsSuch() {
        this.tokens.issue();
        this.now.addAndGet(Duration.ofSeconds(3).toNanos() - 1);
        this.tokens.issue();
        this.now.addAndGet(Duration.ofSeconds(3).toNanos());
        this.tokens.issue();

        assertThat(this.tokens.logins()).isEqualTo(3);
        assertThat(this.tokens.loginsWhileValid()).as("only the second login overlapped a valid token").isOne();
    }

    @Test
    void anExpiredTokenIsReportedOnceThenForgotten() {
        String token = this.tokens.issue();
        this.now.addAndGet(Duration.ofSeconds(3).toNanos());

        assertThat(this.tokens.check(token)).isEqualTo(TokenCheck.EXPIRED);
        assertThat(this.tokens.check(token)).isEqualTo(TokenCheck.UNKNOWN);
        assertThat(this.tokens.expiriesMet()).isOne();
    }

    @Test
    void aMissingOrMadeUpTokenIsUnknownAndNoExpiry() {
        assertThat(this.tokens.check(null)).isEqualTo(TokenCheck.UNKNOWN);
        assertThat(this.tokens.check("made-up")).isEqualTo(TokenCheck.UNKNOWN);
        assertThat(this.tokens.expiriesMet()).isZero();
    }

    @Test
    @Timeout(30)
    void anExpiredTokenPresentedByManyRequestsAtOnceCountsAsOneExpiry() throws Exception {
        String token = this.tokens.issue();
        this.now.addAndGet(Duration.ofSeconds(4).toNanos());
        int requests = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            Callable<TokenCheck> present = () -> {
                start.await();
                return this.tokens.check(token);
            };
            List<Future<TokenCheck>> checks = IntStream.range(0, requests)
                .mapToObj((i) -> pool.submit(present))
                .toList();
            start.countDown();
            long expired = 0;
            for (Future<TokenCheck> check : checks) {
                TokenCheck outcome = check.get(10, TimeUnit.SECONDS);
                assertThat(outcome).isNotEqualTo(TokenCheck.VALID);
                expired += (outcome == TokenCheck.EXPIRED) ? 1 : 0;
            }
            assertThat(expired).isPositive();
            assertThat(this.tokens.expiriesMet()).isOne();
        }
        finally {
            pool.shutdownNow();
        }
    }

}
