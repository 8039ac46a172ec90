package io.github.operationqueue.line;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests of the {@link Lines} registry: get-or-create, lookup, names, and registration listeners.
 */
@Timeout(10)
class LinesTests {

    private final Lines lines = new Lines();

    @Test
    void theSameNameGivesTheSameLine() {
        Line line = this.lines.line("remote-auth");

        assertThat(this.lines.line("remote-auth")).isSameAs(line);
        assertThat(line.name()).isEqualTo("remote-auth");
        assertThat(this.lines.line("other")).isNotSameAs(line);
    }

    @Test
    void findNeverCreates() {
        assertThat(this.lines.find("remote-auth")).isEmpty();
        assertThat(this.lines.names()).isEmpty();

        Line line = this.lines.line("remote-auth");

        assertThat(this.lines.find("remote-auth")).containsSame(line);
    }

    @Test
    void namesAndIterationAreSortedSnapshots() {
        this.lines.line("b-line");
        this.lines.line("a-line");
        List<String> iterated = new ArrayList<>();
        this.lines.forEach((line) -> iterated.add(line.name()));

        assertThat(this.lines.names()).containsExactly("a-line", "b-line");
        assertThat(iterated).containsExactly("a-line", "b-line");
        assertThat(this.lines.toString()).contains("a-line", "b-line");
    }

    @Test
    void acceptsKebabCaseAndClassNamesOnly() {
        assertThat(this.lines.line("remote-auth-2").name()).isEqualTo("remote-auth-2");
        assertThat(this.lines.line("com.example.MailClient").name()).isEqualTo("com.example.MailClient");
        assertThat(this.lines.line("com.example.MailClient$Session").name())
            .isEqualTo("com.example.MailClient$Session");

        for (String bad : List.of("", "Remote-Auth", "remote--auth", "-remote", "remote auth", "a.b-c", "1.x")) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> this.lines.line(bad));
        }
        assertThatNullPointerException().isThrownBy(() -> this.lines.line(null));
        assertThat(Lines.isKebabCase("remote-auth")).isTrue();
        assertThat(Lines.isKebabCase("com.example.MailClient")).isFalse();
        assertThat(Lines.isKebabCase(null)).isFalse();
    }

    @Test
    void registrationListenersSeeExistingAndNewLinesOnce() {
        Line existing = this.lines.line("existing");
        List<Line> seen = new CopyOnWriteArrayList<>();

        this.lines.addRegistrationListener(seen::add);
        Line created = this.lines.line("created");
        this.lines.line("created");

        assertThat(seen).containsExactly(existing, created);
    }

    @Test
    void aFailingRegistrationListenerIsLoggedWithTheLineNameAndDoesNotStopRegistration() {
        Logger logger = (Logger) LoggerFactory.getLogger(Lines.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        logger.setAdditive(false);
        try {
            List<Line> seen = new ArrayList<>();
            this.lines.addRegistrationListener((line) -> {
                throw new IllegalStateException("binder failed");
            });
            this.lines.addRegistrationListener(seen::add);

            Line line = this.lines.line("remote-auth");

            assertThat(seen).containsExactly(line);
            assertThat(this.lines.find("remote-auth")).containsSame(line);
            assertThat(logs.list).singleElement().satisfies((event) -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).startsWith("remote-auth: registration listener");
            });
        }
        finally {
            logger.detachAppender(logs);
            logger.setAdditive(true);
        }
    }

    @Test
    void getFindsAnExistingLineAndNamesTheKnownOnesWhenThereIsNone() {
        Lines lines = new Lines();
        Line auth = lines.line("remote-auth");
        lines.line("calendar-auth");

        assertThat(lines.get("remote-auth")).isSameAs(auth);
        assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> lines.get("mail-auth"))
            .withMessageContaining("'mail-auth'")
            .withMessageContaining("[calendar-auth, remote-auth]");
        assertThat(lines.names()).as("get never creates a line").containsExactly("calendar-auth", "remote-auth");
    }

}
