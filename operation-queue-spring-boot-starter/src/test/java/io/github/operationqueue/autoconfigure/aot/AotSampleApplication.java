package io.github.operationqueue.autoconfigure.aot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.LineScoped;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * A small application that uses the starter the ways users do: two queues and a line from
 * {@code aot-sample.yml}, and every {@code @LineScoped} form. {@link OperationQueueAotTests}
 * processes it ahead of time and runs the result; run that way, {@link #main} exercises the
 * queues and lines and writes what it saw to the file named by {@value #REPORT_PROPERTY}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ AotSampleApplication.MailClient.class, AotSampleApplication.AuthRefresher.class,
        AotSampleApplication.ClassLineUser.class })
public class AotSampleApplication {

    /** The system property naming the file the report is written to. */
    static final String REPORT_PROPERTY = "aot.sample.report";

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(AotSampleApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("spring.config.name", "aot-sample"));
        try (ConfigurableApplicationContext context = application.run(args)) {
            String report = System.getProperty(REPORT_PROPERTY);
            if (report != null) {
                write(report(context), Path.of(report));
            }
        }
    }

    private static Properties report(ConfigurableApplicationContext context) throws Exception {
        Properties report = new Properties();
        report.setProperty("aot", String.valueOf(AotDetector.useGeneratedArtifacts()));
        report.setProperty("queues", String.valueOf(context.getBean(OperationQueues.class).names()));
        OperationQueue remote = context.getBean(OperationQueues.class).get("remote-service");
        report.setProperty("remote-service.runners", String.valueOf(remote.stats().runners()));
        report.setProperty("reports.capacity",
                String.valueOf(context.getBean(OperationQueues.class).get("reports").stats().capacity()));
        report.setProperty("reports.algorithm",
                context.getBean(OperationQueues.class).get("reports").flowControl().algorithm());
        report.setProperty("fetch", context.getBean(MailClient.class).fetch("inbox").get(30, TimeUnit.SECONDS));
        Reporter reporter = context.getBean(Reporter.class);
        report.setProperty("report", reporter.queue().submitBlocking(() -> "report on " + reporter.queue().name())
            .get(30, TimeUnit.SECONDS));
        Line shared = context.getBean(Lines.class).get("remote-auth");
        report.setProperty("named.shared",
                String.valueOf(context.getBean(MailClient.class).authLine == shared
                        && context.getBean(AuthRefresher.class).authLine == shared
                        && reporter.authLine() == shared));
        ClassLineUser classLineUser = context.getBean(ClassLineUser.class);
        report.setProperty("unnamed.constructor", classLineUser.constructorLine.name());
        report.setProperty("unnamed.field", classLineUser.fieldLine.name());
        report.setProperty("unnamed.same", String.valueOf(classLineUser.constructorLine == classLineUser.fieldLine));
        report.setProperty("unnamed.bean-method", context.getBean(Auditor.class).line().name());
        Job job = (Job) context.getBean("job");
        report.setProperty("interface-typed.line", String.valueOf((job.line != null) ? job.line.name() : null));
        report.setProperty("interface-typed.autowired", String.valueOf(job.environment != null));
        return report;
    }

    private static void write(Properties report, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            report.store(out, "operation-queue AOT sample");
        }
    }

    @Bean
    Reporter reporter(@Qualifier("reports") OperationQueue queue, @LineScoped("remote-auth") Line authLine) {
        return new Reporter(queue, authLine);
    }

    @Bean
    Auditor auditor(@LineScoped Line line) {
        return new Auditor(line);
    }

    /** Declared as a Runnable: the @LineScoped field of what it returns is known only once it is created. */
    @Bean
    Runnable job() {
        return new Job();
    }

    static class Job implements Runnable {

        @LineScoped("job-line")
        Line line;

        @Autowired
        Environment environment;

        @Override
        public void run() {
        }

    }

    static class MailClient {

        private final OperationQueue queue;

        final Line authLine;

        MailClient(@Qualifier("remote-service") OperationQueue queue, @LineScoped("remote-auth") Line authLine) {
            this.queue = queue;
            this.authLine = authLine;
        }

        java.util.concurrent.CompletableFuture<String> fetch(String folder) {
            return this.queue.submitBlocking(() -> {
                if (this.authLine.tryAcquireToken() instanceof AcquireOutcome.Success success) {
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

    static class ClassLineUser {

        final Line constructorLine;

        @LineScoped
        Line fieldLine;

        ClassLineUser(@LineScoped Line constructorLine) {
            this.constructorLine = constructorLine;
        }

    }

    record Reporter(OperationQueue queue, Line authLine) {
    }

    record Auditor(Line line) {
    }

}
