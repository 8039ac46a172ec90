package io.github.operationqueue.autoconfigure.integration;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the test servers share: finding a program, a free port, running a command with a timeout.
 */
public final class LocalServers {

    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private LocalServers() {
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Finds {@code program} on the PATH or in one of {@code fallbacks}, or fails saying how to install it. */
    static Path program(String program, String debianPackage, List<Path> fallbacks) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, program));
            }
        }
        for (Path dir : fallbacks) {
            candidates.add(dir.resolve(program));
        }
        return candidates.stream()
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(program + " was not found on the PATH nor in " + fallbacks
                    + ": install it (apt-get install -y " + debianPackage + "; .ci/run does this)"));
    }

    /** The bin directories of the installed PostgreSQL versions, newest first (Debian's layout). */
    static List<Path> postgresBinDirectories() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map((version) -> version.resolve("bin"))
                .filter(Files::isDirectory)
                .sorted(Comparator.comparing((Path bin) -> versionOf(bin)).reversed())
                .toList();
        }
        catch (IOException ex) {
            return List.of();
        }
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command to its end, failing with its output if it fails or takes longer than a minute. */
    static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Timed out: " + String.join(" ", command) + "\n" + read(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Failed (" + process.exitValue() + "): " + String.join(" ", command) + "\n"
                    + read(log));
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

}
