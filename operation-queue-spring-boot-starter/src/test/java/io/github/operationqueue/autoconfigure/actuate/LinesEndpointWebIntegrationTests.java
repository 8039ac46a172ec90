package io.github.operationqueue.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of the {@code lines} endpoint.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "operation-queue.lines.remote-auth=",
                "operation-queue.lines.billing=", "management.endpoints.web.exposure.include=lines" })
class LinesEndpointWebIntegrationTests extends WebIntegrationTests {

    @Autowired
    private Lines lines;

    @Test
    void describesEveryLineWithItsStateWaitersAndAcquisitions() throws Exception {
        Line line = this.lines.line("remote-auth");
        AcquireOutcome first = line.tryAcquireToken();
        AcquireOutcome second = line.tryAcquireToken();
        assertThat(second).isInstanceOf(AcquireOutcome.Failure.class);
        String busy;
        try (Token token = ((AcquireOutcome.Success) first).token()) {
            assertThat(token).isNotNull();
            busy = this.http.get("/actuator/lines").body();
        }
        HttpResponse<String> response = this.http.get("/actuator/lines");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((Map<String, Object>) JsonPath.read(response.body(), "$.lines")).containsKeys("remote-auth",
                "billing");
        assertThat((Boolean) JsonPath.read(busy, "$.lines.remote-auth.busy")).isTrue();
        assertThat((Integer) JsonPath.read(busy, "$.lines.remote-auth.waiters")).isEqualTo(1);
        assertThat((String) JsonPath.read(busy, "$.lines.remote-auth.holder")).isEqualTo("local");
        String body = response.body();
        assertThat((String) JsonPath.read(body, "$.lines.remote-auth.name")).isEqualTo("remote-auth");
        assertThat((Boolean) JsonPath.read(body, "$.lines.remote-auth.busy")).isFalse();
        assertThat((Integer) JsonPath.read(body, "$.lines.remote-auth.waiters")).isZero();
        assertThat(((Number) JsonPath.read(body, "$.lines.remote-auth.acquisitions.acquired")).longValue())
            .isGreaterThanOrEqualTo(1);
        assertThat(((Number) JsonPath.read(body, "$.lines.remote-auth.acquisitions.busy")).longValue())
            .isGreaterThanOrEqualTo(1);
        assertThat((String) JsonPath.read(body, "$.lines.remote-auth.lastHold")).startsWith("PT");
        assertThat((Boolean) JsonPath.read(body, "$.lines.remote-auth.distributed")).isFalse();
        assertThat((String) JsonPath.read(body, "$.lines.remote-auth.holder")).isEqualTo("none");
        assertThat((Boolean) JsonPath.read(body, "$.lines.billing.busy")).isFalse();
    }

    @Test
    void describesOneLineByName() throws Exception {
        HttpResponse<String> response = this.http.get("/actuator/lines/billing");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.name")).isEqualTo("billing");
    }

    @Test
    void answers404ForAnUnknownLine() throws Exception {
        assertThat(this.http.get("/actuator/lines/no-such-line").statusCode()).isEqualTo(404);
    }

    @Test
    void hasNoWriteOperation() throws Exception {
        assertThat(this.http.post("/actuator/lines/billing", "{}").statusCode()).isEqualTo(405);
    }

}
