package io.github.operationqueue.example;

import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in's test hooks refuse a missing, malformed or out-of-range value with a 400 whose JSON body
 * (RFC 9457) names the parameter and what is allowed, and change nothing.
 */
@ExampleAppTest
class StandInControlsValidationTests {

    @LocalServerPort
    private int port;

    @ParameterizedTest
    @ValueSource(strings = { "", "?k=", "?k=0", "?k=-1", "?k=many", "?k=99999999999" })
    void aBadCapacityIsRefusedWithWhatIsAllowed(String query) {
        AppHttp http = new AppHttp(this.port);
        int before = http.json(http.get("/remote/capacity")).get("capacity").asInt();

        JsonNode problem = badRequest(http, http.post("/remote/capacity" + query));

        assertThat(problem.get("detail").asString()).contains("'k'", "at least 1");
        assertThat(http.json(http.get("/remote/capacity")).get("capacity").asInt()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "?seconds=", "?seconds=0", "?seconds=-5", "?seconds=301", "?seconds=soon",
            "?seconds=99999999999999999999" })
    void aBadMaintenanceWindowIsRefusedWithWhatIsAllowed(String query) {
        AppHttp http = new AppHttp(this.port);

        JsonNode problem = badRequest(http, http.post("/remote/maintenance" + query));

        assertThat(problem.get("detail").asString()).contains("'seconds'", "from 1 to 300");
        assertThat(http.json(http.get("/remote/maintenance")).get("secondsLeft").asLong()).isZero();
    }

    private static JsonNode badRequest(AppHttp http, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return http.json(response);
    }

}
