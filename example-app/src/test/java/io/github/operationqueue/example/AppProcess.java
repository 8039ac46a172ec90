package io.github.operationqueue.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The example app's jar running in a JVM of its own, as a user starts it ({@code java -jar}), with its
 * output in a file; stopped with SIGTERM, or killed with SIGKILL.
 */
final class AppProcess implements AutoCloseable {

    private final String name;

    private final int port;

    private final Path log;

    private final Process process;

    private AppProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code jar} on {@code port} with the given application arguments; returns once it is up. */
    static AppProcess start(String name, Path jar, int port, Path directory, List<String> arguments)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(), "--server.port=" + port, "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        Path log = directory.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
        AppProcess app = new AppProcess(name, port, log, process);
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(app::ready);
        }
        catch (RuntimeException ex) {
            app.close();
            throw new IllegalStateException(name + " did not start:\n" + app.output(), ex);
        }
        return app;
    }

    /** The CPU time the process has used so far, on all its threads. */
    Duration cpuTime() {
        return this.process.info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException(this.name + ": this platform does not report CPU time"));
    }

    AppHttp http() {
        return new AppHttp(this.port);
    }

    int port() {
        return this.port;
    }

    /** SIGKILL: the process ends at once, with no shutdown hook, no unlock, no last word. */
    void kill() throws InterruptedException {
        this.process.destroyForcibly();
        this.process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    String output() {
        try {
            String text = Files.readString(this.log, StandardCharsets.UTF_8);
            return (text.length() > 6000) ? "..." + text.substring(text.length() - 6000) : text;
        }
        catch (IOException ex) {
            return "(no output: " + ex + ")";
        }
    }

    private boolean ready() {
        if (!this.process.isAlive()) {
            throw new IllegalStateException(this.name + " exited with " + this.process.exitValue());
        }
        try {
            return http().get("/actuator/health").statusCode() == 200;
        }
        catch (IllegalStateException ex) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if the process has not ended within 30 s. */
    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
                this.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
    }

}
