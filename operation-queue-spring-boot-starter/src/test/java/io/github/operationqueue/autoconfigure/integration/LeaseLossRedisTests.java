package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Token;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A holder whose Redis stops answering (every client paused, as behind a partition) learns that its
 * lease is lost before the lock's time to live ends, and so before another instance can take the
 * line. Two instances, each with its own client and {@code RedisLockRegistry}, on one server this
 * class starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaseLossRedisTests {

    private static final Logger logger = LoggerFactory.getLogger(LeaseLossRedisTests.class);

    private static final Duration TTL = Duration.ofSeconds(3);

    private static RedisServer redis;

    private final List<LockRegistryLineCoordinator> coordinators = new ArrayList<>();

    private final List<LettuceConnectionFactory> clients = new ArrayList<>();

    private final List<ClientResources> resources = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void close() {
        this.coordinators.forEach(LockRegistryLineCoordinator::close);
        this.clients.forEach(LettuceConnectionFactory::destroy);
        this.resources.forEach(ClientResources::shutdown);
    }

    @Test
    void aHolderWhoseRedisStopsAnsweringIsToldBeforeTheTimeToLiveEndsAndBeforeAnotherInstanceAcquires()
            throws Exception {
        Line holder = line("holder");
        Line other = line("other");
        LeaseWatch watch = new LeaseWatch(holder);
        Token token = LeaseWatch.acquire(holder);

        long pausedAt = System.nanoTime();
        redis.pauseClients(TTL.plusSeconds(1));
        long otherAcquiredAt = LeaseWatch.firstAcquisitionNanos(other, TTL.multipliedBy(5));

        assertThat(watch.reported()).as("lease lost reported before the other instance acquired").isTrue();
        long reportAfter = watch.lostAtNanos() - pausedAt;
        logger.info("Redis, clients paused: lease lost reported {} after the pause, {} before the other instance "
                + "acquired (time to live {})", LeaseWatch.millis(reportAfter),
                LeaseWatch.millis(otherAcquiredAt - watch.lostAtNanos()), TTL);
        assertThat(reportAfter).isLessThan(TTL.toNanos());
        assertThat(otherAcquiredAt).isGreaterThan(watch.lostAtNanos());
        assertThat(token.isLeaseLost()).isTrue();
        token.close();
    }

    private Line line(String name) {
        ClientResources clientResources = DefaultClientResources.create();
        this.resources.add(clientResources);
        LettuceClientConfiguration configuration = LettuceClientConfiguration.builder()
            .clientResources(clientResources)
            .clientOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build())
            .commandTimeout(Duration.ofSeconds(1))
            .build();
        LettuceConnectionFactory client = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()), configuration);
        client.afterPropertiesSet();
        client.start();
        this.clients.add(client);
        RedisLockRegistry registry = new RedisLockRegistry(client, "operation-queue-lease-loss", TTL);
        registry.setRedisLockType(RedisLockRegistry.RedisLockType.SPIN_LOCK);
        LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator.builder(registry, SharedLineInstances.LINE)
            .acquireTimeout(Duration.ofSeconds(2))
            .maxPollInterval(Duration.ofMillis(100))
            .build();
        this.coordinators.add(coordinator);
        return new Line(SharedLineInstances.LINE, coordinator);
    }

}
