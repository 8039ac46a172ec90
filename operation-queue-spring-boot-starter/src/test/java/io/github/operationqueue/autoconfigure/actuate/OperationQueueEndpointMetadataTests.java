package io.github.operationqueue.autoconfigure.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the configuration metadata lists the access property of each endpoint, which is how
 * an application grants the write operations.
 */
class OperationQueueEndpointMetadataTests {

    @Test
    @SuppressWarnings("unchecked")
    void listsTheAccessPropertyOfEachEndpoint() throws IOException {
        List<String> names = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                Map<String, Object> metadata = JsonParserFactory.getJsonParser()
                    .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (Map<String, Object> property : (List<Map<String, Object>>) metadata.getOrDefault("properties",
                        List.of())) {
                    names.add((String) property.get("name"));
                }
            }
        }
        assertThat(names).contains("management.endpoint.operationqueues.access", "management.endpoint.lines.access");
    }

}
