package example.consumer;

import java.time.Duration;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Lines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@Timeout(30)
class ConsumerApplicationTests {

    @Autowired
    GreetingService greetingService;

    @Autowired
    OperationQueues queues;

    @Autowired
    Lines lines;

    @Test
    void configuredQueueRunsAnOperationOnTheApplicationTaskExecutor() {
        assertThat(this.queues.names()).containsExactly("greetings");
        assertThat(this.queues.get("greetings").isRunning()).isTrue();

        assertThat(this.greetingService.greet("consumer")).succeedsWithin(Duration.ofSeconds(10))
            .asString()
            .startsWith("hello consumer from consumer-");
    }

    @Test
    void lineScopedInjectionHandsOutTheSharedLineThatGivesOneTokenAtATime() {
        assertThat(this.greetingService.sessionRefresh()).isSameAs(this.lines.get("session-refresh"));

        AcquireOutcome first = this.greetingService.sessionRefresh().tryAcquireToken();
        assertThat(first).isInstanceOf(AcquireOutcome.Success.class);
        AcquireOutcome second = this.greetingService.sessionRefresh().tryAcquireToken();
        assertThat(second).isInstanceOf(AcquireOutcome.Failure.class);

        ((AcquireOutcome.Success) first).token().close();
        assertThat(((AcquireOutcome.Failure) second).released()).succeedsWithin(Duration.ofSeconds(10));
    }
}
