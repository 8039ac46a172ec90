package com.example.firstapp;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * {@code <!-- signatures of operation-queue -->} are public methods of the class a comment names before them
 * ({@code // OperationQueue:}, {@code // Line:}), as are the calls the application's comments restate. Every
 * block of the section "Your first application" is one of these, and every {@code operation-queue.version} the
 * README names is the application's.
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

    /** A comment that names the class whose signatures follow, as {@code // OperationQueue: ...}. */
    private static final Pattern OWNER = Pattern.compile("^// (\\w+):");

    private static final String SECTION_END = "<!-- end of the first application:";

    private static final String CHECKED_BLOCK_MARKER =
            "<!-- ((quoted from|excerpt of) first-app/\\S+|signatures of operation-queue) -->";

    private static final Pattern VERSION_PROPERTY = Pattern.compile(
            "<operation-queue\\.version>([^<]+)</operation-queue\\.version>");

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
    void everySignatureTheReadmeGivesIsDeclaredByTheClassItNames() {
        Matcher block = SIGNATURES.matcher(read(README));
        assertThat(block.find()).as("a block after <!-- signatures of operation-queue --> in %s", README).isTrue();
        Map<String, Class<?>> classes = Map.of("OperationQueue", OperationQueue.class, "Line", Line.class);
        List<String> checked = new ArrayList<>();
        Class<?> named = null;
        for (String line : block.group(1).lines().toList()) {
            Matcher owner = OWNER.matcher(line);
            if (owner.find()) {
                named = classes.get(owner.group(1));
                assertThat(named).as("the class named in %s (one of %s)", line, classes.keySet()).isNotNull();
            }
            else if (line.startsWith("public ")) {
                assertThat(named).as("the class named before %s", line).isNotNull();
                assertThat(declared(named)).as("public methods of %s", named.getSimpleName())
                    .contains(PARAMETER_NAME.matcher(line).replaceAll(""));
                checked.add(line);
            }
        }
        assertThat(checked).as("signatures in %s", README).isNotEmpty();
    }

    @Test
    void theSignaturesTheCodeRestatesInItsCommentsAreThoseOfTheClasses() throws IOException {
        List<String> declared = Stream.of(OperationQueue.class, Line.class)
            .flatMap((type) -> declared(type).stream())
            .toList();
        // A method of either class restated in a comment, as in // submit(Callable<...> operation) returns ...
        Pattern restatedSignature = Pattern.compile(Stream.of(OperationQueue.class, Line.class)
            .flatMap((type) -> Stream.of(type.getMethods()))
            .map(Method::getName)
            .distinct()
            .collect(Collectors.joining("|", "// ((?:", ")\\([^)]*\\))")));
        List<String> restated = new ArrayList<>();
        try (Stream<Path> main = Files.walk(MODULE.resolve("src/main/java"))) {
            for (Path file : main.filter(Files::isRegularFile).toList()) {
                Matcher call = restatedSignature.matcher(read(file));
                while (call.find()) {
                    String parameterTypes = PARAMETER_NAME.matcher(call.group(1)).replaceAll("");
                    assertThat(declared).as("the signature %s in a comment of %s", call.group(1), file)
                        .anySatisfy((method) -> assertThat(method).contains(parameterTypes));
                    restated.add(call.group(1));
                }
            }
        }
        assertThat(restated).as("signatures restated in comments of %s", MODULE.resolve("src/main/java")).isNotEmpty();
    }

    @Test
    void everyBlockInTheFirstApplicationSectionIsOneThatTheseTestsCheck() {
        String readme = read(README);
        int start = readme.indexOf("\n### Your first application\n");
        assertThat(start).as("the section Your first application in %s", README).isNotNegative();
        int end = readme.indexOf(SECTION_END, start);
        assertThat(end).as("%s after the section Your first application in %s", SECTION_END, README).isNotNegative();
        List<String> lines = readme.substring(start, end).lines().toList();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                if (!inBlock) {
                    assertThat(lines.get(i - 1)).as("the line before a block of the first application's section")
                        .matches(CHECKED_BLOCK_MARKER);
                }
                inBlock = !inBlock;
            }
        }
    }

    @Test
    void theVersionTheReadmeSaysToSetIsTheOneTheApplicationUses() {
        Matcher inApplication = VERSION_PROPERTY.matcher(read(MODULE.resolve("pom.xml")));
        assertThat(inApplication.find()).as("operation-queue.version in first-app/pom.xml").isTrue();
        Matcher inReadme = VERSION_PROPERTY.matcher(read(README));
        List<String> named = new ArrayList<>();
        while (inReadme.find()) {
            named.add(inReadme.group(1));
        }
        assertThat(named).as("operation-queue.version as %s names it", README).isNotEmpty()
            .containsOnly(inApplication.group(1));
    }

    @Test
    void theApplicationUsesTheVersionThisBuildMakes() {
        Matcher parent = Pattern.compile("<artifactId>operation-queue-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(read(MODULE.resolveSibling("pom.xml")));
        assertThat(parent.find()).as("the project's version in the root pom.xml").isTrue();
        assertThat(read(MODULE.resolve("pom.xml")))
            .contains("<operation-queue.version>" + parent.group(1) + "</operation-queue.version>");
    }

    private static List<String> declared(Class<?> type) {
        return Stream.of(type.getMethods())
            .map((method) -> SIMPLE_TYPE.matcher(method.toGenericString()).replaceAll(""))
            .map((method) -> DECLARING_TYPE.matcher(method).replaceAll(""))
            .toList();
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
