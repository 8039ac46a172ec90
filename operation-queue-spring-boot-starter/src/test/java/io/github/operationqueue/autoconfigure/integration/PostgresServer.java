package io.github.operationqueue.autoconfigure.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A PostgreSQL server of its own for a test class: {@code initdb} into a temporary directory, then
 * {@code pg_ctl} on 127.0.0.1 and a free port, with Spring Integration's schema (its {@code INT_LOCK}
 * table) loaded from the spring-integration-jdbc jar. No Docker.
 *
 * <p>The binaries are found on the PATH or under {@code /usr/lib/postgresql/<version>/bin} (Debian).
 * PostgreSQL refuses to run as root, so when the tests run as root (CI) every server command runs as
 * the {@code postgres} user that Debian's package creates, through {@code runuser}.
 *
 * <p>Public for example-app's two-process test, which gets it through this module's test jar.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "postgres";

    private final Path directory;

    private final Path data;

    private final Path log;

    private final int port;

    private final Path bin;

    private PostgresServer(Path directory, int port, Path bin) {
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("server.log");
        this.port = port;
        this.bin = bin;
    }

    /** Creates the cluster, starts it and loads the schema. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path pgCtl = LocalServers.program("pg_ctl", "postgresql", LocalServers.postgresBinDirectories());
        Path directory = Files.createTempDirectory("operation-queue-pg");
        PostgresServer server = new PostgresServer(directory, LocalServers.freePort(), pgCtl.getParent());
        if (LocalServers.isRoot()) {
            server.handToPostgresUser();
        }
        try {
            server.run(server.bin.resolve("initdb").toString(), "-D", server.data.toString(), "-A", "trust", "-U",
                    USER, "-E", "UTF8", "--no-sync");
            server.startServer();
            try (HikariDataSource dataSource = server.dataSource("schema", 1)) {
                new ResourceDatabasePopulator(
                        new ClassPathResource("org/springframework/integration/jdbc/schema-postgresql.sql"))
                    .execute(dataSource);
            }
            return server;
        }
        catch (IOException | InterruptedException | RuntimeException ex) {
            // Nobody else would stop a server that started but could not be set up.
            try {
                server.close();
            }
            catch (IOException | InterruptedException | RuntimeException closing) {
                ex.addSuppressed(closing);
            }
            throw ex;
        }
    }

    /** Starts the server again on the same port and data, after {@link #stopServer()}. */
    void startServer() throws IOException, InterruptedException {
        run(this.bin.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-l", this.log.toString(), "-w", "-t",
                "30", "-o", "-p " + this.port + " -h 127.0.0.1 -k " + this.directory + " -F", "start");
    }

    /** Stops the server at once, closing every client connection. */
    void stopServer() throws IOException, InterruptedException {
        run(this.bin.resolve("pg_ctl").toString(), "-D", this.data.toString(), "-m", "fast", "-w", "-t", "30", "stop");
    }

    /** The JDBC URL of the database {@code postgres}, user {@code postgres}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
    }

    /** A small pool that gives up on a connection after 3 s, so that a stopped server fails fast. */
    HikariDataSource dataSource(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pg-" + name);
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(USER);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(3000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(this.data.resolve("postmaster.pid"))) {
                stopServer();
            }
        }
        finally {
            try (Stream<Path> files = Files.walk(this.directory)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach((path) -> path.toFile().delete());
            }
        }
    }

    private void handToPostgresUser() throws IOException {
        UserPrincipal postgres = this.directory.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName(USER);
        Files.setOwner(this.directory, postgres);
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (LocalServers.isRoot()) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(List.of(command));
        Path commandLog = Files.createTempFile("operation-queue-pg-command", ".log");
        try {
            LocalServers.run(full, commandLog);
        }
        catch (IllegalStateException ex) {
            throw new IllegalStateException(ex.getMessage() + "\nserver log:\n" + LocalServers.read(this.log), ex);
        }
        finally {
            Files.deleteIfExists(commandLog);
        }
    }

}
