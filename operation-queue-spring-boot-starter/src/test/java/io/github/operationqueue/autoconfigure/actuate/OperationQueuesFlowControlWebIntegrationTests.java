package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import io.github.operationqueue.OperationQueues;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flow control of each queue in the {@code operationqueues} endpoint over HTTP: the limit, the rate
 * and the quiet in every read, and the {@code set-limit} action once write access is granted.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.queues.limited.runners=10",
                "operation-queue.queues.limited.limit.algorithm=aimd", "operation-queue.queues.limited.limit.max=8",
                "operation-queue.queues.limited.limit.initial=4", "operation-queue.queues.limited.rate=50/s",
                "operation-queue.queues.plain.runners=3",
                "management.endpoints.web.exposure.include=operationqueues",
                "management.endpoint.operationqueues.access=unrestricted" })
class OperationQueuesFlowControlWebIntegrationTests extends WebIntegrationTests {

    @Autowired
    private OperationQueues queues;

    @Test
    void showsTheLimitTheRateAndTheQuietOfEachQueue() throws Exception {
        String body = this.http.get("/actuator/operationqueues").body();
        assertThat((String) JsonPath.read(body, "$.queues.limited.flowControl.algorithm")).isEqualTo("aimd");
        assertThat((Integer) JsonPath.read(body, "$.queues.limited.flowControl.limit")).isEqualTo(4);
        assertThat((String) JsonPath.read(body, "$.queues.limited.flowControl.rate")).isEqualTo("50/s (burst 1)");
        assertThat((Integer) JsonPath.read(body, "$.queues.limited.flowControl.quietRemainingMillis")).isZero();
        assertThat((String) JsonPath.read(body, "$.queues.plain.flowControl.algorithm")).isEqualTo("none");
        assertThat((Integer) JsonPath.read(body, "$.queues.plain.flowControl.limit")).isEqualTo(3);
    }

    @Test
    void setsAFixedLimitAtRunTime() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/limited",
                "{\"action\":\"set-limit\",\"limit\":\"6\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.flowControl.algorithm")).isEqualTo("fixed");
        assertThat((Integer) JsonPath.read(response.body(), "$.flowControl.limit")).isEqualTo(6);
        assertThat(this.queues.get("limited").limit()).isEqualTo(6);
    }

    @Test
    void answers400ForAQueueWithoutALimitSayingHowToGiveItOne() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/plain",
                "{\"action\":\"set-limit\",\"limit\":2}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(response.body(), "$.message"))
            .contains("plain was built without a concurrency limit")
            .contains("operation-queue.queues.plain.limit.algorithm");
    }

    @Test
    void answers400ForAMissingOrBadLimit() throws Exception {
        HttpResponse<String> missing = this.http.post("/actuator/operationqueues/limited", "{\"action\":\"set-limit\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(missing.body(), "$.message"))
            .startsWith("Action set-limit needs \"limit\": 1 or more, was null");
        HttpResponse<String> words = this.http.post("/actuator/operationqueues/limited",
                "{\"action\":\"set-limit\",\"limit\":\"many\"}");
        assertThat(words.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(words.body(), "$.message"))
            .startsWith("\"limit\" must be a whole number of 1 or more, was \"many\"");
    }
}
