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

    private final Process process;

    private RedisServer(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    static RedisServer start() throws IOException {
        Path program = LocalServers.program("redis-server", "redis-server", List.of(Path.of("/usr/bin")));
        Path directory = Files.createTempDirectory("operation-queue-redis");
        int port = LocalServers.freePort();
        Process process = new ProcessBuilder(program.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no")
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("redis.log").toFile())
            .start();
        RedisServer server = new RedisServer(directory, port, process);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(server::accepts);
        }
        catch (RuntimeException ex) {
            server.close();
            throw new IllegalStateException("redis-server did not start:\n" + LocalServers.read(directory.resolve("redis.log")), ex);
        }
        return server;
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
        try (Stream<Path> files = Files.walk(this.directory)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach((path) -> path.toFile().delete());
        }
    }

}
