package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Reading a registry's time to live: the local lease deadline depends on it, so a registry the
 * coordinator knows must never silently count as one whose time to live is unknown.
 */
class RegistryTimeToLiveTests {

    /** Never connects: the registry only keeps the repository, which only keeps the data source. */
    private final DefaultLockRepository repository = new DefaultLockRepository(new DriverManagerDataSource());

    @Test
    void readsTheTimeToLiveOfAJdbcLockRegistry() {
        assertThat(RegistryTimeToLive.of(new JdbcLockRegistry(this.repository, Duration.ofSeconds(7))))
            .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void readsTheTimeToLiveOfASubclassOfAJdbcLockRegistry() {
        JdbcLockRegistry subclass = new JdbcLockRegistry(this.repository, Duration.ofSeconds(7)) {
        };
        assertThat(RegistryTimeToLive.of(subclass)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void failsWithTheFixWhenAKnownRegistryNoLongerHasTheField() {
        // As if a Spring Integration version had renamed the field: the registry's kind is known, its field is not there.
        Map<String, String> renamed = Map.of(LocalRegistry.class.getName(), "ttl");
        assertThatIllegalStateException().isThrownBy(() -> RegistryTimeToLive.of(new LocalRegistry(), renamed))
            .withMessageContaining(LocalRegistry.class.getName())
            .withMessageContaining("'ttl'")
            .withMessageContaining("operation-queue.lines.<line>.time-to-live");
    }

    @Test
    void answersUnknownForARegistryOfAnotherKind() {
        assertThat(RegistryTimeToLive.of(new LocalRegistry())).isNull();
    }

    @Test
    void aNativeImageKeepsTheFieldsItReads() {
        RuntimeHints hints = new RuntimeHints();
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
            .load(RuntimeHintsRegistrar.class)
            .forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
        assertThat(RuntimeHintsPredicates.reflection().onField(JdbcLockRegistry.class, "ttl")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onField(RedisLockRegistry.class, "expireAfter")).accepts(hints);
    }

    private static final class LocalRegistry implements LockRegistry<Lock> {

        @Override
        public Lock obtain(Object lockKey) {
            return new ReentrantLock();
        }

    }

}
