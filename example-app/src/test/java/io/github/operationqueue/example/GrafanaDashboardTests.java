package io.github.operationqueue.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in {@code docs/grafana} reads only metrics the application really publishes:
 * every metric name its queries use appears in a scrape of {@code /actuator/prometheus}.
 */
@ExampleAppTest
class GrafanaDashboardTests {

    // Surefire runs in the module's directory.
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "operation-queue.json");

    @LocalServerPort
    private int port;

    @Test
    void itsQueriesAreUnderstood() throws IOException {
        Set<String> names = queriedMetricNames();

        // A guard for the extraction itself: these are the meters the dashboard is built on.
        assertThat(names).contains("operation_queue_depth_operations", "operation_queue_runners",
                "operation_queue_operations_total", "operation_queue_wait_seconds_bucket",
                "operation_queue_execution_seconds_count", "operation_queue_line_acquisitions_total",
                "operation_queue_line_busy_tokens", "operation_queue_line_held_seconds_sum",
                "operation_queue_limit_runners");
        String quantile = "histogram_quantile(0.95, sum by (queue, le) "
                + "(rate(a_bucket{queue=~\"$queue\", x=\"y(z)\"}[$__rate_interval]))) / b";
        assertThat(PromQlMetricNames.in(quantile)).containsExactly("a_bucket", "b");
        assertThat(PromQlMetricNames.in("label_values(c_total, queue)")).containsExactly("c_total");
    }

    @Test
    @Timeout(60)
    void everyMetricItQueriesAppearsInAPrometheusScrape() throws IOException {
        AppHttp http = new AppHttp(this.port);
        // Timers and line meters have samples once operations have run and a login was coalesced.
        assertThat(http.post("/api/burst?requests=50").statusCode()).isEqualTo(200);

        Set<String> scraped = sampleNames(http.get("/actuator/prometheus").body());

        assertThat(scraped).containsAll(queriedMetricNames());
    }

    private static Set<String> queriedMetricNames() throws IOException {
        assertThat(DASHBOARD).as("the Grafana dashboard, read from the module's directory").isRegularFile();
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        dashboard.findValues("expr").forEach((expr) -> names.addAll(PromQlMetricNames.in(expr.asString())));
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if ("query".equals(variable.get("type").asString())) {
                names.addAll(PromQlMetricNames.in(variable.get("query").get("query").asString()));
            }
        }
        return names;
    }

    private static Set<String> sampleNames(String scrape) {
        return Arrays.stream(scrape.split("\n"))
            .filter((line) -> !line.isBlank() && !line.startsWith("#"))
            .map((line) -> line.split("[{ ]", 2)[0])
            .collect(Collectors.toCollection(TreeSet::new));
    }

}
