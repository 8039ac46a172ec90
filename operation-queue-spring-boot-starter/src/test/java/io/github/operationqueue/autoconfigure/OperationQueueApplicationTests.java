package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application configured from {@code operation-queue-application.yml} (the YAML of the
 * design), using queues and lines the three ways a bean can receive them.
 */
@SpringBootTest(classes = OperationQueueApplicationTests.TestApplication.class,
        webEnvironment = WebEnvironment.NONE, properties = "spring.config.name=operation-queue-application")
class OperationQueueApplicationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    private MailClient mailClient;

    @Autowired
    private AuthRefresher authRefresher;

    @Autowired
    private Reporter reporter;

    @Autowired
    private OperationQueues queues;

    @Autowired
    private Lines lines;

    @Test
    void buildsTheQueuesOfTheYamlWithTheirSettings() {
        assertThat(this.queues.names()).containsExactly("remote-service", "reports");
        OperationQueue remote = this.queues.get("remote-service");
        assertThat(remote.stats().runners()).isEqualTo(100);
        assertThat(remote.stats().capacity()).isZero();
        OperationQueue reports = this.queues.get("reports");
        assertThat(reports.stats().runners()).as("from the defaults").isEqualTo(4);
        assertThat(reports.stats().capacity()).isEqualTo(10);
    }

    @Test
    void createsTheLinesOfTheYaml() {
        assertThat(this.lines.names()).contains("remote-auth");
    }

    @Test
    void injectsTheSameLineByConstructorFieldAndBeanMethod() {
        Line line = this.lines.find("remote-auth").orElseThrow();
        assertThat(this.mailClient.authLine).isSameAs(line);
        assertThat(this.authRefresher.authLine).isSameAs(line);
        assertThat(this.reporter.authLine).isSameAs(line);
    }

    @Test
    void performsOperationsThatTakeTheLinesToken() throws Exception {
        assertThat(this.mailClient.fetch("inbox").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo("inbox fetched on remote-service with remote-auth");
        assertThat(this.reporter.queue.submitBlocking(() -> "report").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo("report");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ MailClient.class, AuthRefresher.class })
    static class TestApplication {

        @Bean
        Reporter reporter(@Qualifier("reports") OperationQueue queue, @LineScoped("remote-auth") Line authLine) {
            return new Reporter(queue, authLine);
        }

    }

    static class MailClient {

        private final OperationQueue queue;

        final Line authLine;

        MailClient(@Qualifier("remote-service") OperationQueue queue, @LineScoped("remote-auth") Line authLine) {
            this.queue = queue;
            this.authLine = authLine;
        }

        CompletableFuture<String> fetch(String folder) {
            return this.queue.submitBlocking(() -> {
                AcquireOutcome outcome = this.authLine.tryAcquireToken();
                if (outcome instanceof AcquireOutcome.Success success) {
                    try (Token token = success.token()) {
                        return folder + " fetched on " + this.queue.name() + " with " + token.line().name();
                    }
                }
                throw new IllegalStateException("the line is busy");
            });
        }

    }

    static class AuthRefresher {

        @LineScoped("remote-auth")
        Line authLine;

    }

    record Reporter(OperationQueue queue, Line authLine) {
    }

}
