package io.github.operationqueue.example;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import io.github.operationqueue.example.api.BurstResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application in profile {@code shared-line}, its line {@code remote-auth} held through the
 * {@code JdbcLockRegistry} {@code lineLocks} on an H2 database in memory (PostgreSQL mode) whose
 * {@code INT_LOCK} table exists before the application starts, as it would on a real server.
 *
 * <p>Tokens live 500 ms and replies take at least 120 ms, 30 at a time, so a burst of 600 requests
 * outlives the token it started with: the 151st request the stand-in serves is served at least
 * 5 &times; 120 ms = 600 ms after the burst began (the argument of {@link BurstEndToEndTests}, with the
 * distributed line in place of the local one). One answer in
 * twenty is a 503, as from a busy service, which the requests retry with back-off.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "example.remote.token-lifetime=500ms", "example.remote.min-latency=120ms",
                "example.remote.max-latency=150ms", "example.remote.unavailable-rate=0.05",
                "spring.main.banner-mode=off" })
@ActiveProfiles("shared-line")
class SharedLineProfileTests {

    private static final Logger logger = LoggerFactory.getLogger(SharedLineProfileTests.class);

    @LocalServerPort
    private int port;

    private static final String DATABASE = "jdbc:h2:mem:shared-line-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1";

    @DynamicPropertySource
    static void lockDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String url = DATABASE;
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            ScriptUtils.executeSqlScript(connection,
                    new ClassPathResource("org/springframework/integration/jdbc/schema-h2.sql"));
        }
        registry.add("example.shared-line.database.url", () -> url);
        registry.add("example.shared-line.database.username", () -> "sa");
    }

    @Test
    @Timeout(60)
    void theLineIsDistributedAndABurstLogsInOncePerTokenExpiry() {
        AppHttp http = new AppHttp(this.port);

        JsonNode line = http.json(http.get("/actuator/lines/remote-auth"));
        assertThat(line.get("distributed").asBoolean()).as(line.toString()).isTrue();

        HttpResponse<String> response = http.post("/api/burst?requests=600");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        BurstResult burst = http.json(response, BurstResult.class);
        logger.info("Burst through the shared line: {}", burst);
        assertThat(burst.succeeded()).isEqualTo(600);
        assertThat(burst.failed()).isZero();
        assertThat(burst.tokenExpiries()).isPositive();
        assertThat(burst.logins()).as("logins, one per expired token").isEqualTo(burst.tokenExpiries());
        assertThat(burst.unavailableReplies()).as("503 answers, retried").isPositive();
    }

    @Test
    @Timeout(60)
    void theLoginIsKeptInTheDatabaseForEveryInstance() throws SQLException {
        try (Connection connection = DriverManager.getConnection(DATABASE, "sa", "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT TOKEN FROM " + DatabaseTokenStore.TABLE + " WHERE ID = 1")) {
            assertThat(rows.next()).as("a token row, written by the login at startup").isTrue();
            assertThat(rows.getString(1)).isNotBlank();
        }
    }

}
