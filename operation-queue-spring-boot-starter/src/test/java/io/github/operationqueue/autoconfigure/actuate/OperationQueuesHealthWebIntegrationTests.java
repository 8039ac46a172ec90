package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.operationqueue.OperationQueues;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code operationQueues} health contributor over HTTP: one component per queue.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.queues.mail.runners=1",
                "operation-queue.queues.reports.auto-start=false", "operation-queue.queues.doomed.runners=1",
                "management.endpoints.web.exposure.include=health,operationqueues",
                "management.endpoint.operationqueues.access=unrestricted",
                "management.endpoint.health.show-details=always" })
class OperationQueuesHealthWebIntegrationTests extends WebIntegrationTests {

    @Autowired
    private OperationQueues queues;

    @Test
    void reportsEachQueueAsAComponentWithItsStatsAsDetails() throws Exception {
        HttpResponse<String> response = this.http.get("/actuator/health/operationQueues");
        assertThat((Map<String, Object>) JsonPath.read(response.body(), "$.components")).containsKeys("mail",
                "reports", "doomed");
        assertThat((String) JsonPath.read(response.body(), "$.components.mail.status")).isEqualTo("UP");
        assertThat((String) JsonPath.read(response.body(), "$.components.mail.details.state")).isEqualTo("running");
        assertThat((Integer) JsonPath.read(response.body(), "$.components.mail.details.runners.waiting"))
            .isBetween(0, 1);
    }

    @Test
    void reportsUnknownForAQueueNeverStarted() throws Exception {
        HttpResponse<String> response = this.http.get("/actuator/health/operationQueues/reports");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.status")).isEqualTo("UNKNOWN");
        assertThat((String) JsonPath.read(response.body(), "$.details.state")).isEqualTo("not-started");
    }

    @Test
    void reportsAQueueStoppedFromTheEndpointWithoutTurningTheApplicationDown() throws Exception {
        assertThat(JsonPath.<String>read(this.http.get("/actuator/health/operationQueues/doomed").body(), "$.status"))
            .isEqualTo("UP");
        HttpResponse<String> stop = this.http.post("/actuator/operationqueues/doomed", "{\"action\":\"stop\"}");
        assertThat(stop.statusCode()).isEqualTo(200);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(JsonPath
            .<String>read(this.http.get("/actuator/health/operationQueues/doomed").body(), "$.details.state"))
            .isEqualTo("stopped"));
        HttpResponse<String> queue = this.http.get("/actuator/health/operationQueues/doomed");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(queue.body(), "$.status")).isEqualTo("STOPPED");
        HttpResponse<String> application = this.http.get("/actuator/health");
        assertThat(application.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(application.body(), "$.status")).isEqualTo("UP");
        assertThat((String) JsonPath.read(application.body(), "$.components.operationQueues.components.doomed.status"))
            .isEqualTo("STOPPED");
    }

}
