package io.github.operationqueue.autoconfigure.actuate;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every web integration test of the endpoints shares: a client for the server on its random
 * port, and one timeout for every wait.
 */
abstract class WebIntegrationTests {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    private int port;

    Http http;

    @BeforeEach
    void createClient() {
        this.http = new Http(this.port);
    }

}
