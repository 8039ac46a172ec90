package io.github.operationqueue.autoconfigure.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AOT processing of contexts with the starter, without compiling or running the result
 * ({@link OperationQueueAotTests} does that): every bean definition the starter registers must be
 * one AOT can write out, whatever is configured.
 */
class OperationQueueAotProcessingTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class));

    @Test
    void processesAnApplicationWithoutQueuesOrLines() {
        Map<String, String> sources = processAheadOfTime(this.contextRunner);
        assertThat(sources).isNotEmpty();
        assertThat(String.join("\n", sources.values())).contains("operationQueueFactory")
            .doesNotContain("operationQueue.remote-service");
    }

    @Test
    void writesEachQueueAsAFactoryMethodCallWithItsNameAndQualifier() {
        String generated = String.join("\n", processAheadOfTime(this.contextRunner
            .withPropertyValues("operation-queue.queues.remote-service.runners=2", "operation-queue.lines.remote-auth="))
            .values());
        assertThat(generated).contains("addIndexedArgumentValue(0, \"remote-service\")",
                "new AutowireCandidateQualifier(\"org.springframework.beans.factory.annotation.Qualifier\", "
                        + "\"remote-service\")",
                "new AutowireCandidateQualifier(\"io.github.operationqueue.autoconfigure.LineScoped\", \"remote-auth\")",
                "setDefaultCandidate(false)");
    }

    @Test
    void keepsTheOverloadOnClassesOfEveryQueueForANativeImage() {
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        RuntimeHints hints = generate(this.contextRunner.withPropertyValues(
                "operation-queue.defaults.overload-on=java.io.UncheckedIOException",
                "operation-queue.queues.remote-service.overload-on=java.lang.ArithmeticException"), files);
        assertThat(RuntimeHintsPredicates.reflection().onType(UncheckedIOException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ArithmeticException.class)).accepts(hints);
    }

    /**
     * Processes the runner's context ahead of time, as the AOT processor does (it refreshes the
     * context for AOT and writes out its bean definitions), and returns the generated sources.
     */
    private static Map<String, String> processAheadOfTime(ApplicationContextRunner runner) {
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        generate(runner, files);
        Map<String, String> sources = new TreeMap<>();
        files.getGeneratedFiles(Kind.SOURCE).forEach((path, content) -> {
            try (InputStream in = content.getInputStream()) {
                sources.put(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return sources;
    }

    /** Generates the runner's context ahead of time into {@code files}; returns the runtime hints registered. */
    private static RuntimeHints generate(ApplicationContextRunner runner, InMemoryGeneratedFiles files) {
        AtomicReference<RuntimeHints> hints = new AtomicReference<>();
        runner.prepare((context) -> {
            // prepare() hands over a context that is not refreshed yet, which is what AOT needs.
            GenericApplicationContext applicationContext = (GenericApplicationContext) context
                .getSourceApplicationContext();
            DefaultGenerationContext generationContext = new DefaultGenerationContext(
                    new ClassNameGenerator(ClassName.get("io.github.operationqueue.sample", "Sample")), files);
            new ApplicationContextAotGenerator().processAheadOfTime(applicationContext, generationContext);
            generationContext.writeGeneratedContent();
            hints.set(generationContext.getRuntimeHints());
        });
        return hints.get();
    }

}
