package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineCoordinationException;
import io.github.operationqueue.line.LineHolder;
import io.github.operationqueue.line.Token;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Three instances, each with its own Redis client and {@code RedisLockRegistry}, share a line
 * through one real Redis server that this class starts (see {@link RedisServer}); 300 concurrent
 * requests hit an expired login of a {@link StandInRemoteService}. A holder whose Redis stops
 * answering (every client paused, as behind a partition) learns that its lease is lost before the
 * lock's time to live ends, and so before another instance can take the line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedLineRedisTests {

    private static final Logger logger = LoggerFactory.getLogger(SharedLineRedisTests.class);

    private static final int REQUESTS_PER_INSTANCE = 100;

    private static RedisServer redis;

    private final Map<String, LettuceConnectionFactory> clients = new LinkedHashMap<>();

    private final List<ClientResources> resources = new ArrayList<>();

    private final List<LockRegistryLineCoordinator> coordinators = new ArrayList<>();

    private final List<RedisLockRegistry> registries = new ArrayList<>();

    private final StandInRemoteService service = new StandInRemoteService(Duration.ofMillis(100));

    private SharedLineInstances instances;

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

    @BeforeEach
    void startInstances() {
        this.instances = SharedLineInstances.start(RedisLineInstance.class, List.of("first", "second", "third"),
                (name) -> (context) -> context.getBeanFactory().registerSingleton("redisConnectionFactory",
                        this.clients.computeIfAbsent(name, (client) -> client())));
    }

    @AfterEach
    void stopInstances() {
        this.instances.close();
        this.coordinators.forEach(LockRegistryLineCoordinator::close);
        this.registries.forEach(RedisLockRegistry::destroy);
        this.clients.values().forEach(LettuceConnectionFactory::destroy);
        this.resources.forEach(ClientResources::shutdown);
    }

    @Test
    void threeInstancesLogInOncePerExpiryAndEveryRequestSucceeds() throws Exception {
        for (int expiry = 1; expiry <= 2; expiry++) {
            this.service.expire();

            Map<String, List<Throwable>> outcomes = this.instances.serve(this.service, REQUESTS_PER_INSTANCE);

            outcomes.forEach((instance, failures) -> assertThat(failures).as(instance).containsOnlyNulls()
                .hasSize(REQUESTS_PER_INSTANCE));
            assertThat(this.service.logins()).as("logins after expiry %d", expiry).isEqualTo(expiry);
        }
        assertThat(this.service.mostLoginsAtOnce()).isEqualTo(1);
    }

    @Test
    void whenTheHolderDiesInTheMiddleOfItsLoginAnotherInstanceTakesOverAfterTheTimeToLive() throws Exception {
        CompletableFuture<Void> logins = this.service.holdLogins();
        this.service.expire();
        CompletableFuture<Map<String, List<Throwable>>> serving = CompletableFuture.supplyAsync(() -> {
            try {
                return this.instances.serve(this.service, REQUESTS_PER_INSTANCE);
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        String holder = this.service.loginStarted().get(30, TimeUnit.SECONDS);

        // The holder's process dies: its Redis connection goes, so neither an unlock nor a renewal arrives.
        this.service.kill(holder);
        this.clients.get(holder).destroy();
        logins.complete(null);
        Map<String, List<Throwable>> outcomes = serving.get(90, TimeUnit.SECONDS);

        outcomes.forEach((instance, failures) -> {
            if (instance.equals(holder)) {
                assertThat(failures).filteredOn(Objects::nonNull).isNotEmpty()
                    .allSatisfy((failure) -> assertThat(failure).isInstanceOfAny(IllegalStateException.class,
                            LineCoordinationException.class));
            }
            else {
                assertThat(failures).as(instance).containsOnlyNulls().hasSize(REQUESTS_PER_INSTANCE);
            }
        });
        assertThat(this.service.logins()).isEqualTo(1);
        assertThat(this.service.mostLoginsAtOnce()).isEqualTo(1);
    }

    @Test
    void whileRedisIsDownRequestsFailClearlyAndTheLineRecoversWhenItIsBack() throws Exception {
        this.service.expire();
        assertThat(this.instances.serve(this.service, REQUESTS_PER_INSTANCE).values())
            .allSatisfy((failures) -> assertThat(failures).containsOnlyNulls());
        assertThat(this.service.logins()).isEqualTo(1);

        redis.stopServer();
        try {
            this.service.expire();
            Map<String, List<Throwable>> outcomes = this.instances.serve(this.service, REQUESTS_PER_INSTANCE);

            outcomes.forEach((instance, failures) -> assertThat(failures).as(instance)
                .hasSize(REQUESTS_PER_INSTANCE)
                .allSatisfy((failure) -> assertThat(failure).isInstanceOf(LineCoordinationException.class)
                    .hasMessageStartingWith(SharedLineInstances.LINE + ": failed ")));
            assertThat(this.service.logins()).as("nobody logs in without the lock").isEqualTo(1);
        }
        finally {
            redis.startServer();
        }

        // The clients reconnect on their own; the first request that gets through logs in.
        for (String instance : this.instances.names()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(
                    () -> SharedLineInstances.request(this.instances.line(instance), this.service, instance));
        }
        assertThat(this.service.logins()).isEqualTo(2);
        this.service.expire();
        Map<String, List<Throwable>> outcomes = this.instances.serve(this.service, REQUESTS_PER_INSTANCE);

        outcomes.forEach((instance, failures) -> assertThat(failures).as(instance).containsOnlyNulls());
        assertThat(this.service.logins()).isEqualTo(3);
    }

    @Test
    void aWaiterOfAnotherInstanceIsWokenByTheRegistrysUnlockNotification() throws Exception {
        Line holder = redisLine(this.clients.computeIfAbsent("notified-holder", (client) -> client()), "notified",
                RedisLockRegistry.RedisLockType.PUB_SUB_LOCK, Duration.ofSeconds(20), Duration.ofMillis(500));
        Line waiter = redisLine(this.clients.computeIfAbsent("notified-waiter", (client) -> client()), "notified",
                RedisLockRegistry.RedisLockType.PUB_SUB_LOCK, Duration.ofSeconds(20), Duration.ofMillis(500));
        Token token = ((AcquireOutcome.Success) holder.tryAcquireToken()).token();
        CompletableFuture<Void> released = ((AcquireOutcome.Failure) waiter.tryAcquireToken()).released();
        await().atMost(Duration.ofSeconds(30)).until(() -> waiter.holder() == LineHolder.REMOTE);

        token.close();

        released.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> waiter.holder() == LineHolder.NONE);
        AcquireOutcome outcome = waiter.tryAcquireToken();
        assertThat(outcome).isInstanceOf(AcquireOutcome.Success.class);
        ((AcquireOutcome.Success) outcome).token().close();
    }

    @Test
    void aHolderWhoseRedisStopsAnsweringIsToldBeforeTheTimeToLiveEndsAndBeforeAnotherInstanceAcquires()
            throws Exception {
        Line holder = redisLine(this.clients.computeIfAbsent("lease-holder", (client) -> client()), "lease-loss",
                RedisLockRegistry.RedisLockType.SPIN_LOCK, Duration.ofSeconds(2), Duration.ofMillis(100));
        Line other = redisLine(this.clients.computeIfAbsent("lease-other", (client) -> client()), "lease-loss",
                RedisLockRegistry.RedisLockType.SPIN_LOCK, Duration.ofSeconds(2), Duration.ofMillis(100));
        LeaseWatch watch = new LeaseWatch(holder);
        Token token = LeaseWatch.acquire(holder);

        long pausedAt = System.nanoTime();
        redis.pauseClients(RedisLineInstance.TTL.plusSeconds(1));
        long otherAcquiredAt = LeaseWatch.firstAcquisitionNanos(other, RedisLineInstance.TTL.multipliedBy(5));

        assertThat(watch.reported()).as("lease lost reported before the other instance acquired").isTrue();
        long reportAfter = watch.lostAtNanos() - pausedAt;
        logger.info("Redis, clients paused: lease lost reported {} after the pause, {} before the other instance "
                + "acquired (time to live {})", LeaseWatch.millis(reportAfter),
                LeaseWatch.millis(otherAcquiredAt - watch.lostAtNanos()), RedisLineInstance.TTL);
        assertThat(reportAfter).isLessThan(RedisLineInstance.TTL.toNanos());
        assertThat(otherAcquiredAt).isGreaterThan(watch.lostAtNanos());
        assertThat(token.isLeaseLost()).isTrue();
        token.close();
    }

    /**
     * The README's bound on how long a waiter of another instance takes to fail once the store stops
     * answering: the pause before the next probe, the probe's wait inside the registry (notification
     * mode only), and one call's acquire timeout. The waiter's client waits 30 s for a command, so only
     * the coordinator's bound can end the wait.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = RedisLockRegistry.RedisLockType.class)
    void aWaiterFailsWithinThePollIntervalPlusTheAcquireTimeoutOnceRedisStopsAnswering(
            RedisLockRegistry.RedisLockType mode) throws Exception {
        boolean notified = mode == RedisLockRegistry.RedisLockType.PUB_SUB_LOCK;
        // Long enough for the notification mode's first contended tryLock, which starts its subscription.
        Duration acquireTimeout = Duration.ofSeconds(3);
        Duration maxPollInterval = Duration.ofMillis(500);
        Duration bound = notified ? maxPollInterval.multipliedBy(2).plus(acquireTimeout)
                : maxPollInterval.plus(acquireTimeout);
        // A key per mode: the lock of the run before may outlive it by its time to live (its unlock met the pause).
        String name = "bound-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
        Line holder = redisLine(this.clients.computeIfAbsent("bound-holder", (client) -> client()), name, mode,
                acquireTimeout, maxPollInterval);
        Line waiter = redisLine(
                this.clients.computeIfAbsent("bound-waiter", (client) -> client(Duration.ofSeconds(30))), name,
                mode, acquireTimeout, maxPollInterval);
        Token token = ((AcquireOutcome.Success) holder.tryAcquireToken()).token();
        CompletableFuture<Void> released = ((AcquireOutcome.Failure) waiter.tryAcquireToken()).released();
        await().atMost(Duration.ofSeconds(30)).until(() -> waiter.holder() == LineHolder.REMOTE);
        // Past the first probe, whose subscription (notification mode) may take long on a loaded machine.
        await().pollDelay(maxPollInterval.multipliedBy(3)).until(() -> true);
        assertThat(released).isNotDone();

        long pausedAt = System.nanoTime();
        Duration pause = bound.plusSeconds(2);
        redis.pauseClients(pause);
        Throwable failure = catchThrowable(() -> released.get(bound.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS));
        long failedAfter = System.nanoTime() - pausedAt;

        logger.info("Redis {}, clients paused: a waiter of another instance failed {} after the pause (bound {})", mode,
                LeaseWatch.millis(failedAfter), bound);
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(LineCoordinationException.class);
        assertThat(Duration.ofNanos(failedAfter)).isLessThanOrEqualTo(bound.plusMillis(500));
        token.close();
        // The next test's clients could not even connect while the server is paused.
        await().pollDelay(Duration.ofNanos(Math.max(0, pausedAt + pause.toNanos() - System.nanoTime())))
            .until(() -> true);
    }

    /**
     * A line on a registry of its own ({@code operation-queue-<name>}) in {@code mode}; in
     * PUB_SUB_LOCK mode its probes wait inside the registry for the unlock notification.
     */
    private Line redisLine(LettuceConnectionFactory client, String name, RedisLockRegistry.RedisLockType mode,
            Duration acquireTimeout, Duration maxPollInterval) {
        RedisLockRegistry registry = new RedisLockRegistry(client, "operation-queue-" + name, RedisLineInstance.TTL);
        registry.setRedisLockType(mode);
        this.registries.add(registry);
        LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator.builder(registry, name)
            .waitInRegistry(mode == RedisLockRegistry.RedisLockType.PUB_SUB_LOCK)
            .acquireTimeout(acquireTimeout)
            .maxPollInterval(maxPollInterval)
            .build();
        this.coordinators.add(coordinator);
        return new Line(name, coordinator);
    }

    /**
     * A client as a production application would configure one: commands fail at once while the
     * connection is down (instead of waiting in a buffer), and it reconnects every 100 ms.
     */
    private LettuceConnectionFactory client() {
        return client(Duration.ofSeconds(2));
    }

    private LettuceConnectionFactory client(Duration commandTimeout) {
        ClientResources resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.constant(Duration.ofMillis(100)))
            .build();
        this.resources.add(resources);
        LettuceClientConfiguration configuration = LettuceClientConfiguration.builder()
            .clientResources(resources)
            .clientOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build())
            .commandTimeout(commandTimeout)
            .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()), configuration);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

}
