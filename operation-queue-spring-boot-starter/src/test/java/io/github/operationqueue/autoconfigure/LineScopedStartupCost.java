package io.github.operationqueue.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import io.github.operationqueue.line.Lines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what {@code @LineScoped} support costs at startup in an application of many
 * components, for the README and the issue that asked for it; not a test of behaviour, so it runs
 * only on demand:
 *
 * <pre>
 * mvn -B -q -pl operation-queue-spring-boot-starter -am test -Dtest=LineScopedStartupCost \
 *     -Dmeasure=line-scoped-startup -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It compiles {@value #COMPONENTS} component classes of their own (a class per bean, as in a real
 * application, one in ten with a {@code @LineScoped} field), starts a context of them with the
 * starter several times, and logs, from Boot's {@link BufferingApplicationStartup}, the time the
 * starter's own post-processor steps took and the whole refresh, as medians, at WARN by the logger
 * {@code measurement}. Numbers compare only within one run on one machine.
 */
@EnabledIfSystemProperty(named = "measure", matches = "line-scoped-startup")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LineScopedStartupCost {

    private static final Logger logger = LoggerFactory.getLogger("measurement");

    private static final int COMPONENTS = Integer.getInteger("components", 2000);

    private static final int WARM_UP = 3;

    private static final int RUNS = 7;

    @Test
    void measureStartupAtManyComponents(@TempDir Path directory) throws Exception {
        List<String> classNames = compileComponents(directory);
        try (URLClassLoader classLoader = new URLClassLoader(new URL[] { directory.toUri().toURL() },
                getClass().getClassLoader())) {
            List<Class<?>> components = new ArrayList<>();
            for (String className : classNames) {
                components.add(classLoader.loadClass(className));
            }
            // The first start is the one a real application pays: classes are not loaded or reflected on yet.
            Duration[] first = start(components, classLoader);
            for (int run = 1; run < WARM_UP; run++) {
                start(components, classLoader);
            }
            long[] postProcessing = new long[RUNS];
            long[] refresh = new long[RUNS];
            for (int run = 0; run < RUNS; run++) {
                Duration[] measured = start(components, classLoader);
                postProcessing[run] = measured[0].toNanos();
                refresh[run] = measured[1].toNanos();
            }
            logger.warn("{} components, first start: the starter's bean factory post-processing {} µs, whole "
                    + "refresh {} ms", COMPONENTS, first[0].toNanos() / 1_000, first[1].toMillis());
            logger.warn("{} components, warm: the starter's bean factory post-processing {} µs, whole refresh {} ms "
                    + "(medians of {} runs)", COMPONENTS, median(postProcessing) / 1_000,
                    median(refresh) / 1_000_000, RUNS);
        }
    }

    /** Starts the context once; returns the starter's post-processor time and the refresh time. */
    private static Duration[] start(List<Class<?>> components, ClassLoader classLoader) {
        BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
        ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class))
            .withClassLoader(classLoader)
            .withInitializer((context) -> {
                context.setApplicationStartup(startup);
                for (Class<?> component : components) {
                    ((GenericApplicationContext) context).registerBean(component);
                }
            });
        Duration[] measured = new Duration[2];
        runner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Lines.class).names()).hasSize(Math.min(10, COMPONENTS / 10));
            StartupTimeline timeline = startup.drainBufferedTimeline();
            measured[0] = sum(timeline, "spring.context.beandef-registry.post-process", "operationqueue")
                .plus(sum(timeline, "spring.context.bean-factory.post-process", "operationqueue"));
            measured[1] = sum(timeline, "spring.context.refresh", "");
        });
        return measured;
    }

    /** The total time of the steps of this name, those with a tag value containing {@code tagPart}. */
    private static Duration sum(StartupTimeline timeline, String stepName, String tagPart) {
        return timeline.getEvents()
            .stream()
            .filter((event) -> event.getStartupStep().getName().equals(stepName))
            .filter((event) -> tagPart.isEmpty() || hasTagContaining(event, tagPart))
            .map(StartupTimeline.TimelineEvent::getDuration)
            .reduce(Duration.ZERO, Duration::plus);
    }

    private static boolean hasTagContaining(StartupTimeline.TimelineEvent event, String part) {
        for (var tag : event.getStartupStep().getTags()) {
            if (tag.getValue().contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Writes and compiles one class per component: every tenth with a {@code @LineScoped} field of
     * one of ten lines, the others with a field and a constructor parameter of their own.
     */
    private static List<String> compileComponents(Path directory) throws IOException {
        List<File> sources = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (int index = 0; index < COMPONENTS; index++) {
            String simpleName = "Component" + index;
            String body = (index % 10 == 0)
                    ? "    @io.github.operationqueue.autoconfigure.LineScoped(\"line-" + (index / 10 % 10) + "\")\n"
                            + "    io.github.operationqueue.line.Line line;\n"
                    : "    private final String name;\n    private int calls;\n    public " + simpleName
                            + "(org.springframework.core.env.Environment environment) {\n"
                            + "        this.name = environment.toString();\n    }\n"
                            + "    int calls() {\n        return this.calls;\n    }\n";
            Path source = directory.resolve("generated/" + simpleName + ".java");
            Files.createDirectories(source.getParent());
            Files.writeString(source,
                    "package generated;\n\npublic class " + simpleName + " {\n\n" + body + "\n}\n");
            sources.add(source.toFile());
            classNames.add("generated." + simpleName);
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("-d", directory.toString(), "-cp", System.getProperty("java.class.path"),
                    "-proc:none", "-nowarn");
            boolean compiled = compiler
                .getTask(null, fileManager, null, options, null, fileManager.getJavaFileObjectsFromFiles(sources))
                .call();
            assertThat(compiled).as("generated components compile").isTrue();
        }
        try (Stream<Path> files = Files.list(directory.resolve("generated"))) {
            files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> file.toFile().delete());
        }
        return classNames;
    }

}
