package io.github.operationqueue.autoconfigure.actuate;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;

import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How the {@code operationqueues} and {@code lines} endpoints answer a request they cannot serve:
 * over HTTP with a status and a body that says what was wrong, and over JMX with the same message.
 */
@SpringBootTest(classes = { ActuateTestApplication.class, OperationQueueEndpointErrorsWebIntegrationTests.OrdersController.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.queues.orders.runners=1",
                "operation-queue.lines.remote-auth=", "management.endpoints.web.exposure.include=operationqueues,lines,loggers",
                "management.endpoint.operationqueues.access=unrestricted", "spring.jmx.enabled=true",
                "management.endpoints.jmx.exposure.include=operationqueues,lines",
                "management.endpoints.jmx.domain=" + OperationQueueEndpointErrorsWebIntegrationTests.JMX_DOMAIN })
class OperationQueueEndpointErrorsWebIntegrationTests extends WebIntegrationTests {

    static final String JMX_DOMAIN = "operationqueue.endpoint.errors.test";

    private static final String UNKNOWN_QUEUE = "No operation queue is named 'no-such-queue'; known queues: [orders]";

    private static final String UNKNOWN_LINE = "No line is named 'no-such-line'; known lines: [remote-auth]";

    @Test
    void answers400WithTheReasonForABodyThatIsNotJson() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/operationqueues/orders", "{\"action\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(response.body(), "$.error")).isEqualTo("Bad Request");
        assertThat((String) JsonPath.read(response.body(), "$.message"))
            .startsWith("The body is not valid JSON; send a JSON object with an \"action\"");
    }

    @Test
    void leavesAnUnreadableBodyForAnotherEndpointToSpringMvc() throws Exception {
        HttpResponse<String> response = this.http.post("/actuator/loggers/ROOT", "{\"configuredLevel\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("The body is not valid JSON");
    }

    @Test
    void leavesAnUnreadableBodyForTheApplicationsOwnControllerToSpringMvc() throws Exception {
        HttpResponse<String> response = this.http.post("/orders", "{\"item\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("The body is not valid JSON");
        assertThat(this.http.post("/orders", "{\"item\":\"book\"}").body()).isEqualTo("ordered book");
    }

    @Test
    void answers404WithTheKnownQueuesForAnUnknownQueue() throws Exception {
        HttpResponse<String> response = this.http.get("/actuator/operationqueues/no-such-queue");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat((String) JsonPath.read(response.body(), "$.error")).isEqualTo("Not Found");
        assertThat((String) JsonPath.read(response.body(), "$.message")).isEqualTo(UNKNOWN_QUEUE);
    }

    @Test
    void answers404WithTheKnownLinesForAnUnknownLine() throws Exception {
        HttpResponse<String> response = this.http.get("/actuator/lines/no-such-line");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat((String) JsonPath.read(response.body(), "$.error")).isEqualTo("Not Found");
        assertThat((String) JsonPath.read(response.body(), "$.message")).isEqualTo(UNKNOWN_LINE);
    }

    @Test
    void answersAnUnknownQueueOverJmxWithTheSameMessage() throws Exception {
        assertThatException().isThrownBy(() -> invoke("Operationqueues", "queue", "no-such-queue"))
            .satisfies((ex) -> assertThat(messages(ex)).contains(UNKNOWN_QUEUE));
    }

    @Test
    void answersAnUnknownLineOverJmxWithTheSameMessage() throws Exception {
        assertThatException().isThrownBy(() -> invoke("Lines", "line", "no-such-line"))
            .satisfies((ex) -> assertThat(messages(ex)).contains(UNKNOWN_LINE));
    }

    private static Object invoke(String endpoint, String operation, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName objectName = server
            .queryNames(new ObjectName(JMX_DOMAIN + ":type=Endpoint,name=" + endpoint + ",*"), null)
            .iterator()
            .next();
        return server.invoke(objectName, operation, new Object[] { name }, new String[] { String.class.getName() });
    }

    /** Every message in the chain: a JMX client sees the MBean's exception, wrapped. */
    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /** An application's own controller that reads a JSON body, as most do. */
    @RestController
    static class OrdersController {

        @PostMapping("/orders")
        String order(@RequestBody Map<String, String> order) {
            return "ordered " + order.get("item");
        }

    }

}
