package io.github.operationqueue.example.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientPropertiesTests {

    @Test
    void noConnectionsIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new ClientProperties(null, 10, Duration.ofMillis(20), Duration.ofMillis(500),
                    Duration.ofSeconds(10), 0))
            .withMessage("example.client.connections must be at least 1, but was 0");
    }

    @Test
    void oneConnectionIsEnough() {
        assertThat(new ClientProperties(null, 10, Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(10),
                1).connections()).isEqualTo(1);
    }

}
