package io.github.operationqueue.autoconfigure.aot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import io.github.operationqueue.autoconfigure.LineScoped;
import io.github.operationqueue.autoconfigure.OperationQueueProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes {@link AotSampleApplication} ahead of time, as {@code spring-boot:process-aot} does,
 * compiles the generated sources, and runs the result in a JVM of its own with
 * {@code -Dspring.aot.enabled=true}: the generated bean definitions, not the starter's
 * registrars, must then build the queues and inject the lines.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OperationQueueAotTests {

    private static final Path ROOT = Path.of("target", "aot-sample");

    private static final Path SOURCES = ROOT.resolve("sources");

    private static final Path RESOURCES = ROOT.resolve("resources");

    private static final Path CLASSES = ROOT.resolve("classes");

    private static Properties report;

    private static Path output;

    @BeforeAll
    static void processCompileAndRun() throws Exception {
        FileSystemUtils.deleteRecursively(ROOT);
        AbstractAotProcessor.Settings settings = AbstractAotProcessor.Settings.builder()
            .sourceOutput(SOURCES)
            .resourceOutput(RESOURCES)
            .classOutput(CLASSES)
            .groupId("io.github.operationqueue")
            .artifactId("aot-sample")
            .build();
        new SpringApplicationAotProcessor(AotSampleApplication.class, settings, new String[0]).process();
        compileGeneratedSources();
        Path reportFile = ROOT.resolve("report.properties");
        output = ROOT.resolve("run.log");
        Process process = new ProcessBuilder(javaExecutable(), "-cp", runtimeClassPath(), "-Dspring.aot.enabled=true",
                "-Doperation-queue.queues.reports.capacity=10",
                "-Doperation-queue.queues.reports.limit.algorithm=bbr",
                "-D" + AotSampleApplication.REPORT_PROPERTY + "=" + reportFile.toAbsolutePath(),
                AotSampleApplication.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The AOT sample did not finish in time; its output is in " + output);
        }
        assertThat(process.exitValue()).as("exit value of the AOT sample; output:%n%s", Files.readString(output))
            .isZero();
        report = new Properties();
        try (InputStream in = Files.newInputStream(reportFile)) {
            report.load(in);
        }
    }

    @Test
    void writesTheQueueAndLineBeanDefinitionsAsCode() throws IOException {
        String generated = readGeneratedSources();
        assertThat(generated).contains("operationQueue.remote-service", "operationQueue.reports",
                "operationQueueLine.remote-auth");
    }

    @Test
    void writesTheReflectionANativeImageNeeds() throws IOException {
        Path metadata;
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            metadata = files.filter((file) -> file.getFileName().toString().equals("reachability-metadata.json"))
                .findFirst()
                .orElseThrow();
        }
        String reflection = Files.readString(metadata);
        assertThat(reflection).contains("\"" + LineScoped.class.getName() + "\"",
                "\"" + OperationQueueProperties.Queue.class.getName() + "\"",
                "io.github.operationqueue.autoconfigure.OperationQueueFailureAnalyzer",
                "io.github.operationqueue.autoconfigure.LineScopedMisuseFailureAnalyzer");
    }

    @Test
    void runsOnTheGeneratedCode() {
        assertThat(report.getProperty("aot")).isEqualTo("true");
    }

    @Test
    void buildsBothQueuesWithTheirSettings() {
        assertThat(report.getProperty("queues")).isEqualTo("[remote-service, reports]");
        assertThat(report.getProperty("remote-service.runners")).isEqualTo("2");
        assertThat(report.getProperty("reports.capacity")).isEqualTo("10");
        assertThat(report.getProperty("reports.algorithm")).isEqualTo("bbr");
    }

    @Test
    void performsOperationsOnBothQueues() {
        assertThat(report.getProperty("fetch")).isEqualTo("inbox fetched on remote-service with remote-auth");
        assertThat(report.getProperty("report")).isEqualTo("report on reports");
    }

    @Test
    void injectsTheNamedLineIntoConstructorFieldAndBeanMethod() {
        assertThat(report.getProperty("named.shared")).isEqualTo("true");
    }

    @Test
    void injectsTheDeclaringClassesOwnLineForTheUnnamedForm() {
        assertThat(report.getProperty("unnamed.constructor"))
            .isEqualTo(AotSampleApplication.ClassLineUser.class.getName());
        assertThat(report.getProperty("unnamed.field")).isEqualTo(AotSampleApplication.ClassLineUser.class.getName());
        assertThat(report.getProperty("unnamed.same")).isEqualTo("true");
        assertThat(report.getProperty("unnamed.bean-method")).isEqualTo(AotSampleApplication.class.getName());
    }

    /**
     * Spring AOT fixes a bean's injection points from the type its definition declares: an object
     * that a {@code @Bean} method declares as {@code Runnable} gets no field injected at run time,
     * {@code @Autowired} included (Spring's advice is to declare the precise type). A
     * {@code @LineScoped} field fares exactly as an {@code @Autowired} one.
     */
    @Test
    void injectsTheLineIntoAnObjectThatABeanMethodDeclaresByAnInterfaceExactlyWhenSpringAutowiresIt() {
        // Both pinned, not only their agreement: the README says that such an object gets neither field
        // under AOT, and a Spring version that changes this must change the README too.
        assertThat(report.getProperty("interface-typed.autowired")).isEqualTo("false");
        assertThat(report.getProperty("interface-typed.line")).isEqualTo("null");
    }

    private static void compileGeneratedSources() throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<File> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter((file) -> file.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        assertThat(sources).as("generated sources").isNotEmpty();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("-d", CLASSES.toString(), "-cp",
                    CLASSES + File.pathSeparator + System.getProperty("java.class.path"), "-proc:none", "-nowarn");
            boolean compiled = compiler
                .getTask(null, fileManager, null, options, null, fileManager.getJavaFileObjectsFromFiles(sources))
                .call();
            assertThat(compiled).as("generated sources compile").isTrue();
        }
    }

    private static String readGeneratedSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    /**
     * The generated code and the test class path, without Netflix's concurrency-limits: the queue
     * {@code reports} runs a {@code bbr} limit, which must need no library in a real JVM, not only past a
     * filtering class loader.
     */
    private static String runtimeClassPath() {
        List<String> entries = new ArrayList<>();
        entries.add(CLASSES.toAbsolutePath().toString());
        entries.add(RESOURCES.toAbsolutePath().toString());
        List<String> testClassPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> withoutNetflix = testClassPath.stream()
            .filter((entry) -> !Path.of(entry).getFileName().toString().startsWith("concurrency-limits-"))
            .toList();
        assertThat(withoutNetflix).as("the test class path without Netflix's concurrency-limits")
            .hasSizeLessThan(testClassPath.size());
        entries.addAll(withoutNetflix);
        return String.join(File.pathSeparator, entries);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
