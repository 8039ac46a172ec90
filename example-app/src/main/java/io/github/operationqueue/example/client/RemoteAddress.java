package io.github.operationqueue.example.client;

import java.net.URI;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Where the remote API lives: {@code example.client.base-uri}, or, when that is unset, the stand-in
 * under {@code /remote/} of this application's own server, known once the server has its port.
 */
@Component
class RemoteAddress implements ApplicationListener<WebServerInitializedEvent> {

    private volatile URI baseUri;

    RemoteAddress(ClientProperties properties) {
        this.baseUri = properties.baseUri();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        boolean applicationServer = event.getApplicationContext().getServerNamespace() == null;
        if (this.baseUri == null && applicationServer) {
            this.baseUri = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/remote/");
        }
    }

    /**
     * Resolves a path of the remote API.
     *
     * @param path relative to the base address, such as {@code messages/7}
     * @return the absolute address
     * @throws IllegalStateException if no base address is configured and the server has not started yet
     */
    URI resolve(String path) {
        URI base = this.baseUri;
        if (base == null) {
            throw new IllegalStateException("The remote API's address is not known yet: the web server has not "
                    + "started. Set example.client.base-uri to use another server.");
        }
        return base.resolve(path);
    }

}
