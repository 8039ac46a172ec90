package io.github.operationqueue.example.remote;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@code example.remote.capacity} is described for IDEs, with its default, and refused below 1. */
class RemotePropertiesMetadataTests {

    @Test
    void theCapacityHasADescriptionAndItsDefault() throws IOException {
        JsonNode capacity = property("example.remote.capacity");

        assertThat(capacity.get("defaultValue").asInt()).isEqualTo(30);
        assertThat(capacity.get("description").asString()).contains("message requests served at once");
    }

    @Test
    void aCapacityBelowOneIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RemoteProperties(Duration.ofSeconds(3), Duration.ofMillis(5),
                    Duration.ofMillis(40), 0.02, 0))
            .withMessage("example.remote.capacity must be at least 1 (requests served at once), but was 0");
    }

    private static JsonNode property(String name) throws IOException {
        try (InputStream metadata = RemotePropertiesMetadataTests.class
            .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).as("the configuration processor's metadata").isNotNull();
            for (JsonNode property : JsonMapper.builder().build().readTree(metadata).get("properties")) {
                if (name.equals(property.get("name").asString())) {
                    return property;
                }
            }
        }
        throw new AssertionError(name + " is not in the configuration metadata");
    }

}
