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
    void drainsAndStopsAQueueWhoseHealthReportsItStopped() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/stopped", "{\"action\":\"stop\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.state")).isIn("draining", "stopped");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                (String) JsonPath.read(this.http.get("/actuator/operationqueues/stopped").body(), "$.state"))
            .isEqualTo("stopped"));
        HttpResponse<String> health = this.http.get("/actuator/health/operationQueues/stopped");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("STOPPED");
    }

    @Test
    void answers400WithTheReasonForAnUnknownAction() throws Exception {
        assertBadRequest("/actuator/operationqueues/paused", "{\"action\":\"explode\"}",
                "Unknown action 'explode'; use pause, resume, stop, add-runners or set-limit");
    }

    @Test
    void answers400WithTheReasonForZeroRunners() throws Exception {
        assertBadRequest("/actuator/operationqueues/paused", "{\"action\":\"add-runners\",\"runners\":0}",
                "Action add-runners needs \"runners\": 1 or more, was 0");
    }

    @Test
    void answers400WithTheLimitForTooManyRunnersAtOnce() throws Exception {
        assertBadRequest("/actuator/operationqueues/paused", "{\"action\":\"add-runners\",\"runners\":2000000000}",
                "Action add-runners adds at most 10000 runners at once, was 2000000000");
    }

    @Test
    void answers400WithTheReasonForARunnerCountThatIsNotANumber() throws Exception {
        assertBadRequest("/actuator/operationqueues/paused", "{\"action\":\"add-runners\",\"runners\":\"two\"}",
                "\"runners\" must be a whole number of 1 or more, was \"two\"");
    }

    @Test
    void answers400WithTheReasonForAMissingRunnerCount() throws Exception {
        assertBadRequest("/actuator/operationqueues/paused", "{\"action\":\"add-runners\"}",
                "Action add-runners needs \"runners\": 1 or more, was null");
    }

    @Test
    void answers400WithTheReasonForAnEmptyBody() throws Exception {
        String reason = "The body must be a JSON object with an \"action\": pause, resume, stop, add-runners or set-limit";
        assertBadRequest("/actuator/operationqueues/paused", "", reason);
        assertBadRequest("/actuator/operationqueues/paused", "{}", reason);
    }

    @Test
    void answers400WithTheReasonWhenControllingAnUnknownQueue() throws Exception {
        assertBadRequest("/actuator/operationqueues/no-such-queue", "{\"action\":\"pause\"}",
                "No operation queue is named 'no-such-queue'; known queues: [");
    }

    @Test
    void takesARunnerCountGivenAsText() throws Exception {
        int before = this.queues.get("paused").stats().runners();
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/paused",
                "{\"action\":\"add-runners\",\"runners\":\"2\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(this.queues.get("paused").stats().runners()).isEqualTo(before + 2);
    }

    private void assertBadRequest(String path, String body, String reason) throws Exception {
        HttpResponse<String> response = this.http.post(path, body);
        assertThat(response.statusCode()).as("status for %s", body).isEqualTo(400);
        assertThat((String) JsonPath.read(response.body(), "$.message")).as("reason for %s", body).startsWith(reason);
        assertThat((String) JsonPath.read(response.body(), "$.error")).isEqualTo("Bad Request");
        assertThat(this.queues.get("paused").isPaused()).isFalse();
    }

}
