package com.example.firstapp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.line.Line;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first application is this module: every file it quotes must read exactly as here, and
 * every file of the application must be quoted, so that what a newcomer pastes is what this build compiles
 * and tests.
 *
 * <p>In {@code README.md}, a fenced block right after {@code <!-- quoted from first-app/PATH -->} is the
 * whole file (less the lines between {@code README: not quoted from here} and
 * {@code README: quoted again from here}); after {@code <!-- excerpt of first-app/PATH -->} it is a run of
 * the file's lines, compared without their indentation. The declarations after
 * {@code <!-- signatures of operation-queue -->} are public methods of {@link OperationQueue} or {@link Line}.
 */
class ReadmeQuotesFirstAppTests {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    private static final Path README = MODULE.resolveSibling("README.md");

    private static final Pattern QUOTE = Pattern.compile(
            "<!-- (quoted from|excerpt of) first-app/(\\S+) -->\\n```[a-z]*\\n(.*?)```\\n", Pattern.DOTALL);

    private static final Pattern SIGNATURES = Pattern.compile(
            "<!-- signatures of operation-queue -->\\n```java\\n(.*?)```\\n", Pattern.DOTALL);

    /** Package names before a type name, as {@link java.lang.reflect.Method#toGenericString()} writes them. */
    private static final Pattern SIMPLE_TYPE = Pattern.compile("(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z])");

    private static final Pattern DECLARING_TYPE = Pattern.compile("\\b[A-Z]\\w*\\.(?=\\w+\\()");

    private static final Pattern PARAMETER_NAME = Pattern.compile(" \\w+(?=[,)])");

    private static final Pattern LEFT_OUT = Pattern.compile(
            "[ \\t]*<!-- README: not quoted from here\\..*?README: quoted again from here\\. -->\\n", Pattern.DOTALL);

    @Test
    void everyQuotedFileReadsInTheReadmeAsInThisModule() {
        Map<String, String> whole = wholeFiles();
        assertThat(whole).as("files quoted whole in %s", README).isNotEmpty();
        whole.forEach((file, quoted) -> assertThat(quoted).as("README's copy of first-app/%s", file)
            .isEqualTo(LEFT_OUT.matcher(read(MODULE.resolve(file))).replaceAll("")));
    }

    @Test
    void everyExcerptIsARunOfLinesOfItsFile() {
        List<Map.Entry<String, String>> excerpts = quotes("excerpt of");
        assertThat(excerpts).as("excerpts in %s", README).isNotEmpty();
        excerpts.forEach((excerpt) -> assertThat(
                Collections.indexOfSubList(stripped(read(MODULE.resolve(excerpt.getKey()))), stripped(excerpt.getValue())))
            .as("README's excerpt of first-app/%s, found in the file:%n%s", excerpt.getKey(), excerpt.getValue())
            .isNotNegative());
    }

    @Test
    void theReadmeQuotesEveryFileOfTheApplication() throws IOException {
        List<String> files = new ArrayList<>(List.of("pom.xml"));
        try (Stream<Path> main = Files.walk(MODULE.resolve("src/main"))) {
            main.filter(Files::isRegularFile).map((file) -> MODULE.relativize(file).toString()).sorted().forEach(files::add);
        }
        assertThat(wholeFiles().keySet()).as("first-app files quoted whole in %s", README)
            .containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void theSignaturesTheReadmeGivesAreThoseOfTheClasses() {
        Matcher block = SIGNATURES.matcher(read(README));
        assertThat(block.find()).as("a block after <!-- signatures of operation-queue --> in %s", README).isTrue();
        List<String> declared = Stream.of(OperationQueue.class, Line.class)
            .flatMap((type) -> Stream.of(type.getMethods()))
            .map((method) -> SIMPLE_TYPE.matcher(method.toGenericString()).replaceAll(""))
            .map((method) -> DECLARING_TYPE.matcher(method).replaceAll(""))
            .toList();
        List<String> given = block.group(1).lines().filter((line) -> line.startsWith("public ")).toList();
        assertThat(given).isNotEmpty()
            .allSatisfy((line) -> assertThat(declared).contains(PARAMETER_NAME.matcher(line).replaceAll("")));
    }

    @Test
    void theApplicationUsesTheVersionThisBuildMakes() {
        Matcher parent = Pattern.compile("<artifactId>operation-queue-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(read(MODULE.resolveSibling("pom.xml")));
        assertThat(parent.find()).as("the project's version in the root pom.xml").isTrue();
        assertThat(read(MODULE.resolve("pom.xml")))
            .contains("<operation-queue.version>" + parent.group(1) + "</operation-queue.version>");
    }

    private static Map<String, String> wholeFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        quotes("quoted from").forEach((quote) -> assertThat(files.put(quote.getKey(), quote.getValue()))
            .as("README quotes first-app/%s twice", quote.getKey())
            .isNull());
        return files;
    }

    private static List<Map.Entry<String, String>> quotes(String kind) {
        List<Map.Entry<String, String>> quotes = new ArrayList<>();
        Matcher quote = QUOTE.matcher(read(README));
        while (quote.find()) {
            if (quote.group(1).equals(kind)) {
                quotes.add(Map.entry(quote.group(2), quote.group(3)));
            }
        }
        return quotes;
    }

    private static List<String> stripped(String text) {
        return text.lines().map(String::strip).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + file, ex);
        }
    }

}
