package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineHolder;
import io.github.operationqueue.line.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.awaitility.Awaitility.await;

/**
 * Measures what a distributed acquisition costs against a local one, for the README; not a test of
 * behaviour, so it runs only on demand:
 *
 * <pre>
 * mvn -B -q -pl operation-queue-spring-boot-starter -am test -Dtest=SharedLineAcquisitionCost \
 *     -Dmeasure=shared-line -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * For each kind of line it times, uncontended, {@code tryAcquireToken()} until the caller holds the token
 * (the cycle also gives the lock back, which the next acquisition waits behind), and, with two
 * "instances", how long a waiter of the second one waits after the first one closes its token. Results
 * are logged at WARN by the logger {@code measurement}. Numbers compare only within one run on one
 * machine.
 */
@EnabledIfSystemProperty(named = "measure", matches = "shared-line")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SharedLineAcquisitionCost {

    private static final Logger logger = LoggerFactory.getLogger("measurement");

    private static final int WARM_UP = 200;

    private static final int CYCLES = 1000;

    private static final int HANDOFFS = 20;

    @Test
    void measure() throws Exception {
        measure("local line", (name) -> new Line(name), 20_000, 100_000);
        String h2 = "jdbc:h2:mem:cost-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (HikariDataSource h2Pool = pool(h2)) {
            schema(h2Pool, "schema-h2.sql");
            measure("JdbcLockRegistry on H2 (in memory)", (name) -> jdbcLine(name, h2Pool), WARM_UP, CYCLES);
            measureHandoff("JdbcLockRegistry on H2 (in memory)", () -> jdbcLine("handoff", h2Pool));
        }
        try (PostgresServer postgres = PostgresServer.start(); HikariDataSource pgPool = postgres.dataSource("cost", 4)) {
            measure("JdbcLockRegistry on PostgreSQL 15 (loopback)", (name) -> jdbcLine(name, pgPool), WARM_UP, CYCLES);
            measureHandoff("JdbcLockRegistry on PostgreSQL 15 (loopback)", () -> jdbcLine("handoff", pgPool));
        }
        try (RedisServer redis = RedisServer.start()) {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
            factory.afterPropertiesSet();
            factory.start();
            try {
                measure("RedisLockRegistry (loopback)", (name) -> redisLine(name, factory), WARM_UP, CYCLES);
                measureHandoff("RedisLockRegistry, PUB_SUB_LOCK (loopback)", () -> redisLine("handoff", factory));
            }
            finally {
                factory.destroy();
            }
        }
    }

    private static void measure(String kind, Function<String, Line> lines, int warmUp, int cycles) {
        Line line = lines.apply("cost");
        long[] nanos = new long[cycles];
        for (int i = 0; i < warmUp + cycles; i++) {
            long start = System.nanoTime();
            AcquireOutcome outcome = line.tryAcquireToken();
            long acquired = System.nanoTime();
            if (!(outcome instanceof AcquireOutcome.Success success)) {
                throw new IllegalStateException(kind + ": uncontended acquisition failed: " + outcome);
            }
            success.token().close();
            if (i >= warmUp) {
                nanos[i - warmUp] = acquired - start;
            }
        }
        Arrays.sort(nanos);
        logger.warn("{}: tryAcquireToken() until held, {} cycles: median {} us, p90 {} us, p99 {} us, mean {} us", kind,
                cycles, micros(nanos[cycles / 2]), micros(nanos[cycles * 9 / 10]), micros(nanos[cycles * 99 / 100]),
                micros((long) Arrays.stream(nanos).average().orElse(0)));
    }

    private static void measureHandoff(String kind, java.util.function.Supplier<Line> lines) throws Exception {
        Line first = lines.get();
        Line second = lines.get();
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < HANDOFFS; i++) {
            Token token = ((AcquireOutcome.Success) first.tryAcquireToken()).token();
            CompletableFuture<Void> released = ((AcquireOutcome.Failure) second.tryAcquireToken()).released();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.holder() == LineHolder.REMOTE);
            long closed = System.nanoTime();
            token.close();
            released.get(10, TimeUnit.SECONDS);
            nanos.add(System.nanoTime() - closed);
            await().atMost(Duration.ofSeconds(10)).until(() -> second.holder() == LineHolder.NONE);
        }
        nanos.sort(null);
        logger.warn("{}: a waiter of another instance is released {} ms (median; max {} ms) after the holder closes "
                + "its token, {} handoffs", kind, nanos.get(HANDOFFS / 2) / 1_000_000, nanos.get(HANDOFFS - 1) / 1_000_000,
                HANDOFFS);
    }

    private static Line jdbcLine(String name, DataSource dataSource) {
        DefaultLockRepository repository = new DefaultLockRepository(dataSource);
        repository.setTransactionManager(new DataSourceTransactionManager(dataSource));
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        return distributed(name, new JdbcLockRegistry(repository), false);
    }

    private static Line redisLine(String name, LettuceConnectionFactory factory) {
        RedisLockRegistry registry = new RedisLockRegistry(factory, "operation-queue-cost");
        registry.setRedisLockType(RedisLockRegistry.RedisLockType.PUB_SUB_LOCK);
        return distributed(name, registry, true);
    }

    private static Line distributed(String name, LockRegistry<?> registry, boolean waitInRegistry) {
        return new Line(name, LockRegistryLineCoordinator.builder(registry, name).waitInRegistry(waitInRegistry).build());
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(4);
        return pool;
    }

    private static void schema(DataSource dataSource, String script) {
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/integration/jdbc/" + script))
            .execute(dataSource);
    }

    private static String micros(long nanos) {
        return String.format("%.1f", nanos / 1000.0);
    }

}
