package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * The HTTP contract of the {@code operationqueues} endpoint with its default, read-only access.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.queues.mail.runners=2",
                "operation-queue.queues.reports.auto-start=false",
                "management.endpoints.web.exposure.include=operationqueues,lines,health",
                "management.endpoint.health.show-details=always", "logging.level.io.github.operationqueue=INFO" })
@ExtendWith(OutputCaptureExtension.class)
class OperationQueuesEndpointWebIntegrationTests extends WebIntegrationTests {

    @Autowired
    private OperationQueues queues;

    @Test
    void describesEveryQueueWithItsStateRunnersAndCounts() throws Exception {
        this.queues.get("mail").submitBlocking(() -> "sent").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            String body = this.http.get("/actuator/operationqueues").body();
            assertThat((Integer) JsonPath.read(body, "$.queues.mail.runners.waiting")).isEqualTo(2);
        });
        HttpResponse<String> response = this.http.get("/actuator/operationqueues");
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        assertThat((Map<String, Object>) JsonPath.read(body, "$.queues")).containsOnlyKeys("mail", "reports");
        assertThat((String) JsonPath.read(body, "$.queues.mail.name")).isEqualTo("mail");
        assertThat((String) JsonPath.read(body, "$.queues.mail.state")).isEqualTo("running");
        assertThat((Boolean) JsonPath.read(body, "$.queues.mail.configured")).isTrue();
        assertThat((Boolean) JsonPath.read(body, "$.queues.mail.autoStart")).isTrue();
        assertThat((Integer) JsonPath.read(body, "$.queues.mail.depth")).isZero();
        assertThat((Map<String, Object>) JsonPath.read(body, "$.queues.mail.runners")).containsOnlyKeys("pending",
                "waiting", "running", "stopped");
        assertThat((Integer) JsonPath.read(body, "$.queues.mail.operations.enqueued")).isGreaterThanOrEqualTo(1);
        assertThat((Map<String, Object>) JsonPath.read(body, "$.queues.mail.operations")).containsOnlyKeys(
                "enqueued", "completed", "failed", "abandoned", "refused");
        assertThat((Integer) JsonPath.read(body, "$.queues.mail.operations.refused")).isZero();
        assertThat((String) JsonPath.read(body, "$.queues.reports.state")).isEqualTo("not-started");
        assertThat((Boolean) JsonPath.read(body, "$.queues.reports.autoStart")).isFalse();
    }

    @Test
    void describesOneQueueByName() throws Exception {
        HttpResponse<String> response = this.http.get("/actuator/operationqueues/reports");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.name")).isEqualTo("reports");
        assertThat((String) JsonPath.read(response.body(), "$.state")).isEqualTo("not-started");
    }

    @Test
    void answers404ForAnUnknownQueue() throws Exception {
        assertThat(this.http.get("/actuator/operationqueues/no-such-queue").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesControlUntilAccessIsGranted() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/mail", "{\"action\":\"pause\"}");
        assertThat(response.statusCode()).as("no write operation is mapped").isEqualTo(405);
        assertThat(this.queues.get("mail").isPaused()).isFalse();
    }

    @Test
    void neverShowsAnOperationsTextInABodyOrALogLine(CapturedOutput output) throws Exception {
        this.queues.get("reports").enqueue(new ActuateTestApplication.SecretOperation())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        this.queues.get("mail").enqueue(new ActuateTestApplication.SecretOperation())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String all = this.http.get("/actuator/operationqueues").body();
        assertThat((Integer) JsonPath.read(all, "$.queues.reports.depth")).isGreaterThanOrEqualTo(1);
        String one = this.http.get("/actuator/operationqueues/reports").body();
        String health = this.http.get("/actuator/health").body();
        assertThat(health).contains("operationQueues");
        assertThat(all).doesNotContain(ActuateTestApplication.SECRET).doesNotContain("SecretOperation");
        assertThat(one).doesNotContain(ActuateTestApplication.SECRET);
        assertThat(health).doesNotContain(ActuateTestApplication.SECRET);
        assertThat(output).doesNotContain(ActuateTestApplication.SECRET);
    }

}
