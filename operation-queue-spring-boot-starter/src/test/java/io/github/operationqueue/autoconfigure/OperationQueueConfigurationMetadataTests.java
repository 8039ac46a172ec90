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
            "operation-queue.defaults.enabled, true", "operation-queue.defaults.auto-start, true",
            "operation-queue.defaults.drain-timeout, 30s", "operation-queue.defaults.budget, 64",
            "operation-queue.defaults.limit.algorithm, fixed", "operation-queue.defaults.limit.min, 1",
            "operation-queue.defaults.rate-burst, 1" })
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
        assertThat((String) properties.get("operation-queue.queues").get("description")).contains("enabled",
                "runners", "capacity", "executor", "auto-start", "drain-timeout", "budget", "limit.algorithm", "limit.max",
                "rate", "rate-burst", "overload-on");
    }

    @Test
    void describesEachLimitAlgorithmAndWhichNeedNetflixsLibrary() {
        assertThat((String) properties.get("operation-queue.defaults.limit.algorithm").get("description")).contains(
                "fixed", "bbr", "needs no library", "gradient2", "vegas", "aimd",
                "com.netflix.concurrency-limits:concurrency-limits-core");
    }

    @Test
    void describesTheExecutorAsUnsetUntilSetSayingWhatIsChosenThen() {
        Map<String, Object> property = properties.get("operation-queue.defaults.executor");
        assertThat(property).doesNotContainKey("defaultValue");
        assertThat((String) property.get("description")).contains("@Async", "applicationTaskExecutor");
    }

    @Test
    void describesTheLineEntriesByTheirKeys() {
        assertThat((String) properties.get("operation-queue.lines").get("description")).contains("lock-registry",
                "acquire-timeout", "renew-every", "max-poll-interval", "time-to-live");
    }

    @Test
    void listsNothingBeyondTheDocumentedProperties() {
        // The endpoints add management.endpoint.<id>.* entries of their own; see the actuate tests.
        assertThat(properties.keySet()).filteredOn((name) -> name.startsWith("operation-queue."))
            .containsExactlyInAnyOrder("operation-queue.enabled",
                "operation-queue.propagate-context", "operation-queue.defaults.runners",
                "operation-queue.defaults.capacity", "operation-queue.defaults.executor",
                "operation-queue.defaults.enabled",
                "operation-queue.defaults.auto-start", "operation-queue.defaults.drain-timeout",
                "operation-queue.defaults.budget", "operation-queue.defaults.limit.algorithm",
                "operation-queue.defaults.limit.min", "operation-queue.defaults.limit.max",
                "operation-queue.defaults.limit.initial", "operation-queue.defaults.rate",
                "operation-queue.defaults.rate-burst", "operation-queue.defaults.overload-on", "operation-queue.queues",
                "operation-queue.lines");
    }

    @Test
    @SuppressWarnings("unchecked")
    void describesOverloadOnAsExceptionClassesAndSuggestsThem() {
        Map<String, Object> property = properties.get("operation-queue.defaults.overload-on");
        assertThat(property).doesNotContainKey("defaultValue");
        assertThat((String) property.get("description")).contains("RemoteBackOffException", "TimeoutException",
                "class loader");
        List<Map<String, Object>> providers = (List<Map<String, Object>>) hint("operation-queue.defaults.overload-on")
            .get("providers");
        assertThat(providers).singleElement().satisfies((provider) -> {
            assertThat(provider.get("name")).isEqualTo("class-reference");
            assertThat((Map<String, Object>) provider.get("parameters")).containsEntry("target", "java.lang.Throwable");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void suggestsExecutorBeansForTheExecutorProperty() {
        Map<String, Object> hint = hint("operation-queue.defaults.executor");
        List<Map<String, Object>> providers = (List<Map<String, Object>>) hint.get("providers");
        assertThat(providers).singleElement().satisfies((provider) -> {
            assertThat(provider.get("name")).isEqualTo("spring-bean-reference");
            assertThat((Map<String, Object>) provider.get("parameters")).containsEntry("target",
                    "java.util.concurrent.Executor");
        });
    }

    @ParameterizedTest(name = "{0} suggests a kebab-case name such as {1}")
    @CsvSource({ "operation-queue.queues.keys, remote-service", "operation-queue.lines.keys, remote-auth" })
    @SuppressWarnings("unchecked")
    void describesTheNamesOfQueuesAndLinesAsMapKeys(String name, String example) {
        List<Map<String, Object>> values = (List<Map<String, Object>>) hint(name).get("values");
        assertThat(values).singleElement().satisfies((value) -> {
            assertThat(value.get("value")).isEqualTo(example);
            assertThat((String) value.get("description")).contains("kebab-case");
        });
    }

    @Test
    void describesTheHealthIndicatorSwitch() {
        Map<String, Object> property = properties.get("management.health.operationqueues.enabled");
        assertThat(property).isNotNull();
        assertThat(property.get("type")).isEqualTo("java.lang.Boolean");
        assertThat(property.get("defaultValue")).isEqualTo(true);
        assertDescribed(property);
    }

    @Test
    void describesTheOptInToDownForStoppedQueues() {
        Map<String, Object> everyQueue = properties.get("management.health.operationqueues.down-when-stopped");
        assertThat(everyQueue).isNotNull();
        assertThat(everyQueue.get("type")).isEqualTo("java.lang.Boolean");
        assertThat(everyQueue.get("defaultValue")).isEqualTo(false);
        assertDescribed(everyQueue);
        Map<String, Object> someQueues = properties.get("management.health.operationqueues.down-when-stopped-queues");
        assertThat(someQueues).isNotNull();
        assertThat(someQueues.get("type")).isEqualTo("java.util.Set<java.lang.String>");
        assertDescribed(someQueues);
    }

    private static Map<String, Object> hint(String name) {
        return hints.stream()
            .filter((hint) -> name.equals(hint.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no hint for " + name + " in " + hints));
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
