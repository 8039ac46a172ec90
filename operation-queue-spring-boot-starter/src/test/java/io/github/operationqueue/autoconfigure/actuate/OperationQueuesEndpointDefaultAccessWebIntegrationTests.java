package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;

import io.github.operationqueue.OperationQueues;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README warns about: {@code management.endpoints.access.default=unrestricted} opens the
 * write operations of the {@code operationqueues} endpoint too.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.queues.opened.runners=1",
                "management.endpoints.web.exposure.include=operationqueues",
                "management.endpoints.access.default=unrestricted" })
class OperationQueuesEndpointDefaultAccessWebIntegrationTests extends WebIntegrationTests {

    @Autowired
    private OperationQueues queues;

    @Test
    void opensWriteAccessWhenEveryEndpointIsUnrestrictedByDefault() throws Exception {
        HttpResponse<String> paused = this.http.post("/actuator/operationqueues/opened", "{\"action\":\"pause\"}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(this.queues.get("opened").isPaused()).isTrue();
    }

}
