package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.operationqueue.OperationQueues;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue that the application opts in with
 * {@code management.health.operationqueues.down-when-stopped-queues} turns the application's
 * health DOWN when it stops; the others do not.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.queues.critical.runners=1",
                "operation-queue.queues.relaxed.runners=1", "management.endpoints.web.exposure.include=health",
                "management.endpoint.health.show-details=always",
                "management.health.operationqueues.down-when-stopped-queues=critical" })
class OperationQueuesHealthDownWhenStoppedWebIntegrationTests extends WebIntegrationTests {

    @Autowired
    private OperationQueues queues;

    @Test
    void turnsTheApplicationDownOnlyWhenAQueueThatOptedInStops() throws Exception {
        this.queues.get("relaxed").stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> relaxedStopped = this.http.get("/actuator/health");
        assertThat(relaxedStopped.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(relaxedStopped.body(), "$.status")).isEqualTo("UP");
        this.queues.get("critical").stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> criticalStopped = this.http.get("/actuator/health");
        assertThat(criticalStopped.statusCode()).isEqualTo(503);
        assertThat((String) JsonPath.read(criticalStopped.body(), "$.status")).isEqualTo("DOWN");
        assertThat((String) JsonPath.read(criticalStopped.body(),
                "$.components.operationQueues.components.critical.status")).isEqualTo("DOWN");
        assertThat((String) JsonPath.read(criticalStopped.body(),
                "$.components.operationQueues.components.relaxed.status")).isEqualTo("STOPPED");
    }

}
