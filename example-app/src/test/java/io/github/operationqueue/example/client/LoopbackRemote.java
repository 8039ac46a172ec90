package io.github.operationqueue.example.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/** A {@link RemoteHttp} pointed at a JDK HTTP server on a free loopback port; closing ends both. */
final class LoopbackRemote implements AutoCloseable {

    private final HttpServer server;

    final RemoteHttp http;

    /** Starts a server whose every answer under {@code /remote/} is {@code handler}'s. */
    LoopbackRemote(HttpHandler handler) throws IOException {
        this(handler, Duration.ofSeconds(5));
    }

    /** Starts a server whose every answer under {@code /remote/} is {@code handler}'s; the client waits {@code timeout}. */
    LoopbackRemote(HttpHandler handler, Duration timeout) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/remote/", handler);
        this.server.start();
        ClientProperties properties = new ClientProperties(
                URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/remote/"), 10,
                Duration.ofMillis(20), Duration.ofMillis(500), timeout, 4);
        this.http = new RemoteHttp(WebClient.builder(), JsonMapper.builder().build(), new RemoteAddress(properties),
                properties);
    }

    @Override
    public void close() {
        try {
            this.http.destroy();
        }
        finally {
            this.server.stop(0);
        }
    }

}
