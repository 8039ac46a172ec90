package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the actuator on a port of its own ({@code management.server.port}), Spring Boot serves the
 * endpoints from a child context with its own dispatcher servlet: a control request whose body is
 * not JSON is still answered with the reason, and another endpoint's is still left to Spring MVC.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "management.server.port=0", "management.server.address=127.0.0.1",
                "operation-queue.queues.orders.runners=1",
                "management.endpoints.web.exposure.include=operationqueues,loggers",
                "management.endpoint.operationqueues.access=unrestricted" })
class OperationQueueEndpointErrorsManagementPortWebIntegrationTests {

    @LocalManagementPort
    private int managementPort;

    private Http management;

    @BeforeEach
    void createClient() {
        this.management = new Http(this.managementPort);
    }

    @Test
    void answers400WithTheReasonForABodyThatIsNotJsonOnTheManagementPort() throws Exception {
        HttpResponse<String> response = this.management.post("/actuator/operationqueues/orders", "{\"action\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(response.body(), "$.message"))
            .startsWith("The body is not valid JSON; send a JSON object with an \"action\"");
    }

    @Test
    void leavesAnUnreadableBodyForAnotherEndpointToSpringMvcOnTheManagementPort() throws Exception {
        HttpResponse<String> response = this.management.post("/actuator/loggers/ROOT", "{\"configuredLevel\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("The body is not valid JSON");
    }

}
