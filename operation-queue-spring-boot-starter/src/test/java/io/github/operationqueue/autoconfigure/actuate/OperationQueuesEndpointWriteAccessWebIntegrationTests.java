package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import io.github.operationqueue.OperationQueues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write operations of the {@code operationqueues} endpoint once the application grants them
 * with {@code management.endpoint.operationqueues.access=unrestricted}. Each test controls a queue
 * of its own.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.queues.paused.runners=1",
                "operation-queue.queues.stopped.runners=1", "operation-queue.queues.grown.auto-start=false",
                "management.endpoints.web.exposure.include=operationqueues,health",
                "management.endpoint.operationqueues.access=unrestricted",
                "management.endpoint.health.show-details=always", "logging.level.io.github.operationqueue=INFO" })
@ExtendWith(OutputCaptureExtension.class)
class OperationQueuesEndpointWriteAccessWebIntegrationTests extends WebIntegrationTests {

    @Autowired
    private OperationQueues queues;

    @Test
    void pausesAndResumesAQueueAndLogsEachAction(CapturedOutput output) throws Exception {
        HttpResponse<String> paused = this.http.post("/actuator/operationqueues/paused", "{\"action\":\"pause\"}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(paused.body(), "$.state")).isEqualTo("paused");
        assertThat(this.queues.get("paused").isPaused()).isTrue();
        HttpResponse<String> resumed = this.http.post("/actuator/operationqueues/paused", "{\"action\":\"resume\"}");
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(resumed.body(), "$.state")).isEqualTo("running");
        assertThat(output).contains("paused: pause requested through the operationqueues endpoint")
            .contains("paused: resume requested through the operationqueues endpoint");
    }

    @Test
    void addsRunnersWhichStartsAQueueThatDoesNotStartByItself() throws Exception {
        assertThat(this.queues.get("grown").stats().runners()).isZero();
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/grown",
                "{\"action\":\"add-runners\",\"runners\":3}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(this.queues.get("grown").stats().runners()).isEqualTo(3);
        assertThat((String) JsonPath.read(response.body(), "$.state")).isIn("running");
    }

    @Test
    void drainsAndStopsAQueueWhichTurnsItsHealthDown() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/stopped", "{\"action\":\"stop\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.state")).isIn("draining", "stopped");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                (String) JsonPath.read(this.http.get("/actuator/operationqueues/stopped").body(), "$.state"))
            .isEqualTo("stopped"));
        HttpResponse<String> health = this.http.get("/actuator/health/operationQueues/stopped");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("DOWN");
    }

    @Test
    void answers400ForAnUnknownActionOrABadRunnerCount() throws Exception {
        assertThat(this.http.post("/actuator/operationqueues/paused", "{\"action\":\"explode\"}").statusCode())
            .isEqualTo(400);
        assertThat(this.http.post("/actuator/operationqueues/paused", "{\"action\":\"add-runners\"}").statusCode())
            .isEqualTo(400);
        assertThat(this.http
            .post("/actuator/operationqueues/paused", "{\"action\":\"add-runners\",\"runners\":0}")
            .statusCode()).isEqualTo(400);
    }

    @Test
    void answers400WhenControllingAnUnknownQueue() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/no-such-queue",
                "{\"action\":\"pause\"}");
        assertThat(response.statusCode()).as("Boot answers 204 for a null write result, so the endpoint refuses")
            .isEqualTo(400);
    }

}
