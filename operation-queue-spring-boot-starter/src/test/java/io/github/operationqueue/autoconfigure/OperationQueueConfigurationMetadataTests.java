package io.github.operationqueue.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata that the annotation processor generates from
 * {@link OperationQueueProperties}, which IDEs use to complete and document the properties.
 */
class OperationQueueConfigurationMetadataTests {

    private static Map<String, Map<String, Object>> properties;

    private static List<Map<String, Object>> hints;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readGeneratedMetadata() throws IOException {
        for (URL url : Collections.list(OperationQueueConfigurationMetadataTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                Map<String, Object> metadata = JsonParserFactory.getJsonParser()
                    .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                List<Map<String, Object>> groups = (List<Map<String, Object>>) metadata.getOrDefault("groups", List.of());
                if (groups.stream().anyMatch((group) -> "operation-queue".equals(group.get("name")))) {
                    properties = ((List<Map<String, Object>>) metadata.get("properties")).stream()
                        .collect(Collectors.toMap((property) -> (String) property.get("name"), Function.identity()));
                    hints = (List<Map<String, Object>>) metadata.getOrDefault("hints", List.of());
                }
            }
        }
        assertThat(properties).as("generated metadata of the starter").isNotNull();
    }

    @ParameterizedTest(name = "{0} has a description and the default {1}")
    @CsvSource({ "operation-queue.enabled, true", "operation-queue.propagate-context, true",
            "operation-queue.defaults.runners, 1", "operation-queue.defaults.capacity, 0",
            "operation-queue.defaults.executor, applicationTaskExecutor", "operation-queue.defaults.auto-start, true",
            "operation-queue.defaults.drain-timeout, 30s" })
    void describesEachPropertyWithItsDefault(String name, String defaultValue) {
        Map<String, Object> property = properties.get(name);
        assertThat(property).as(name).isNotNull();
        assertThat(String.valueOf(property.get("defaultValue"))).isEqualTo(defaultValue);
        assertDescribed(property);
    }

    @ParameterizedTest(name = "{0} is described")
    @CsvSource({ "operation-queue.queues", "operation-queue.lines" })
    void describesTheQueueAndLineMaps(String name) {
        Map<String, Object> property = properties.get(name);
        assertThat(property).as(name).isNotNull();
        assertDescribed(property);
    }

    @Test
    void describesTheQueueEntriesByTheirKeys() {
        assertThat((String) properties.get("operation-queue.queues").get("description")).contains("runners",
                "capacity", "executor", "auto-start", "drain-timeout");
    }

    @Test
    void listsNothingBeyondTheDocumentedProperties() {
        // The endpoints add management.endpoint.<id>.* entries of their own; see the actuate tests.
        assertThat(properties.keySet()).filteredOn((name) -> name.startsWith("operation-queue."))
            .containsExactlyInAnyOrder("operation-queue.enabled",
                "operation-queue.propagate-context", "operation-queue.defaults.runners",
                "operation-queue.defaults.capacity", "operation-queue.defaults.executor",
                "operation-queue.defaults.auto-start", "operation-queue.defaults.drain-timeout",
                "operation-queue.queues", "operation-queue.lines");
    }

    @Test
    void suggestsExecutorBeansForTheExecutorProperty() {
        assertThat(hints).anySatisfy((hint) -> assertThat(hint.get("name")).isEqualTo("operation-queue.defaults.executor"));
    }

    private static void assertDescribed(Map<String, Object> property) {
        String description = (String) property.get("description");
        assertThat(description).as("description of %s", property.get("name")).isNotBlank();
        assertThat(description).doesNotStartWith("The ").doesNotStartWith("A ").doesNotStartWith("An ");
        if ("java.lang.Boolean".equals(property.get("type"))) {
            assertThat(description).startsWith("Whether");
        }
    }

}
