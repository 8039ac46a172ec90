package io.github.operationqueue.autoconfigure.integration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A Redis server of its own for a test class: Debian's {@code redis-server} on 127.0.0.1 and a free
 * port, without persistence, in a temporary directory. No Docker.
 */
final class RedisServer implements AutoCloseable {

    private final Path directory;

    private final int port;

    private final Path program;

    private Process process;

    private RedisServer(Path directory, int port, Path program) {
        this.directory = directory;
        this.port = port;
        this.program = program;
    }

    static RedisServer start() throws IOException {
        Path program = LocalServers.program("redis-server", "redis-server", List.of(Path.of("/usr/bin")));
        RedisServer server = new RedisServer(Files.createTempDirectory("operation-queue-redis"),
                LocalServers.freePort(), program);
        server.startServer();
        return server;
    }

    /** Starts the server, again after {@link #stopServer()}: on the same port, empty. */
    void startServer() throws IOException {
        Path log = this.directory.resolve("redis.log");
        this.process = new ProcessBuilder(this.program.toString(), "--port", Integer.toString(this.port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString(), "--daemonize",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::accepts);
        }
        catch (RuntimeException ex) {
            close();
            throw new IllegalStateException("redis-server did not start:\n" + LocalServers.read(log), ex);
        }
    }

    /** Stops the server, closing every client connection. */
    void stopServer() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
    }

    /**
     * Suspends every client of the server for {@code duration} ({@code CLIENT PAUSE ... ALL}): their
     * commands wait, as they would behind a network partition that heals.
     */
    void pauseClients(Duration duration) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            String millis = Long.toString(duration.toMillis());
            String command = "*4\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$" + millis.length() + "\r\n" + millis
                    + "\r\n$3\r\nALL\r\n";
            socket.getOutputStream().write(command.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] reply = new byte[64];
            int read = socket.getInputStream().read(reply);
            String answer = (read > 0) ? new String(reply, 0, read, java.nio.charset.StandardCharsets.US_ASCII) : "";
            if (!answer.startsWith("+OK")) {
                throw new IllegalStateException("CLIENT PAUSE was refused: " + answer.trim());
            }
        }
    }

    int port() {
        return this.port;
    }

    private boolean accepts() {
        if (!this.process.isAlive()) {
            throw new IllegalStateException("redis-server exited with " + this.process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        stopServer();
        try (Stream<Path> files = Files.walk(this.directory)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach((path) -> path.toFile().delete());
        }
    }

}
