package io.github.operationqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import io.github.operationqueue.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OperationQueuesTests {

    private final ManualExecutor executor = new ManualExecutor();

    private final OperationQueues queues = new OperationQueues();

    private OperationQueue queue(String name) {
        return OperationQueue.builder().name(name).executor(this.executor).build();
    }

    @Test
    void looksQueuesUpByNameAndIteratesThemInNameOrder() {
        OperationQueue mail = queue("mail");
        OperationQueue calendar = queue("calendar");
        this.queues.register(mail);
        this.queues.register(calendar);

        assertThat(this.queues.get("mail")).isSameAs(mail);
        assertThat(this.queues.find("calendar")).containsSame(calendar);
        assertThat(this.queues.find("contacts")).isEmpty();
        assertThat(this.queues.find(null)).isEmpty();
        assertThat(this.queues.names()).containsExactly("calendar", "mail");
        assertThat(this.queues).containsExactly(calendar, mail);
    }

    @Test
    void anUnknownNameFailsWithTheKnownNames() {
        this.queues.register(queue("mail"));
        this.queues.register(queue("calendar"));

        assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> this.queues.get("contacts"))
            .withMessageContaining("'contacts'")
            .withMessageContaining("[calendar, mail]");
    }

    @Test
    void twoQueuesWithOneNameAreRefusedButRegisteringTheSameQueueTwiceIsHarmless() {
        OperationQueue mail = queue("mail");
        this.queues.register(mail);
        this.queues.register(mail);

        assertThatIllegalStateException().isThrownBy(() -> this.queues.register(queue("mail")))
            .withMessageContaining("'mail'");
        assertThat(this.queues).containsExactly(mail);
    }

    @Test
    void registrationActionsSeeEveryQueueOnceWhetherRegisteredBeforeOrAfter() {
        List<String> seen = new ArrayList<>();
        this.queues.register(queue("before"));
        this.queues.onRegistered((queue) -> seen.add(queue.name()));
        this.queues.register(queue("after"));
        this.queues.register(this.queues.get("after"));

        assertThat(seen).containsExactly("before", "after");
    }
}
