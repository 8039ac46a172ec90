package com.example.firstapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The inventory API the first app talks to, on a free port of 127.0.0.1: {@code POST /oauth/token} issues
 * a token for the right client secret, in an OAuth 2.0 access token response (RFC 6749, section 5.1); {@code GET /stock/{sku}} answers with the token issued
 * last, 401 otherwise. Tests expire the token, hold stock answers back, or make the API unavailable.
 */
final class StandInInventoryApi implements AutoCloseable {

    static final String CLIENT_SECRET = "stand-in-secret";

    private static final long HOLD_AT_MOST_SECONDS = 30;

    private final HttpServer server;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final AtomicInteger logins = new AtomicInteger();

    private final AtomicInteger unauthorized = new AtomicInteger();

    private final AtomicReference<String> validToken = new AtomicReference<>();

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicInteger mostInFlight = new AtomicInteger();

    private volatile CountDownLatch hold = new CountDownLatch(0);

    private volatile int stockStatus = 200;

    StandInInventoryApi() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(this.threads);
        this.server.createContext("/oauth/token", this::token);
        this.server.createContext("/stock/", this::stock);
        this.server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    int logins() {
        return this.logins.get();
    }

    int unauthorized() {
        return this.unauthorized.get();
    }

    int inFlight() {
        return this.inFlight.get();
    }

    int mostInFlight() {
        return this.mostInFlight.get();
    }

    /** Makes the token issued last invalid: the next stock requests get 401 until someone logs in. */
    void expireToken() {
        this.validToken.set(null);
    }

    /** Stock requests with a valid token wait, in flight, until {@link #releaseHeldAnswers()}. */
    void holdAnswers() {
        this.hold = new CountDownLatch(1);
        this.mostInFlight.set(0);
    }

    void releaseHeldAnswers() {
        this.hold.countDown();
    }

    /** Answers stock requests with a valid token with this status instead of 200. */
    void answerStockWith(int status) {
        this.stockStatus = status;
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = read(exchange.getRequestBody());
        if (!form.contains("client_secret=" + CLIENT_SECRET)) {
            answer(exchange, 401, "bad client credentials");
            return;
        }
        String token = "token-" + this.logins.incrementAndGet();
        this.validToken.set(token);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private void stock(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String valid = this.validToken.get();
        if (valid == null || !("Bearer " + valid).equals(authorization)) {
            this.unauthorized.incrementAndGet();
            answer(exchange, 401, "");
            return;
        }
        this.mostInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
        int status;
        try {
            status = this.hold.await(HOLD_AT_MOST_SECONDS, TimeUnit.SECONDS) ? this.stockStatus : 504;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            status = 503;
        }
        finally {
            // Before the answer: once the client has it, the runner may send its next request.
            this.inFlight.decrementAndGet();
        }
        String sku = exchange.getRequestURI().getPath().substring("/stock/".length());
        answer(exchange, status, "{\"sku\":\"" + sku + "\",\"available\":7}");
    }

    private static String read(InputStream body) throws IOException {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        this.releaseHeldAnswers();
        this.server.stop(0);
        this.threads.shutdownNow();
    }

}
