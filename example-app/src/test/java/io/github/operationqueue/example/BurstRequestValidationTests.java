package io.github.operationqueue.example;

import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A burst with a missing or out-of-range size gets a 400 whose JSON says what is allowed. */
@ExampleAppTest
class BurstRequestValidationTests {

    @LocalServerPort
    private int port;

    @ParameterizedTest
    @ValueSource(strings = { "", "?requests=", "?requests=0", "?requests=-3", "?requests=10001", "?requests=many" })
    void aBadSizeIsRefusedWithWhatIsAllowed(String query) {
        AppHttp http = new AppHttp(this.port);

        HttpResponse<String> response = http.post("/api/burst" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = http.json(response);
        assertThat(problem.get("detail").asString()).contains("'requests'", "an integer from 1 to 10000");
        assertThat(problem.get("allowed").asString()).isEqualTo("requests: an integer from 1 to 10000");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "10" })
    void theSmallestSizesAreAccepted(String requests) {
        AppHttp http = new AppHttp(this.port);

        HttpResponse<String> response = http.post("/api/burst?requests=" + requests);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(http.json(response).get("succeeded").asInt()).isEqualTo(Integer.parseInt(requests));
    }

}
