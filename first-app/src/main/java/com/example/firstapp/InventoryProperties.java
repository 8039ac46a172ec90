package com.example.firstapp;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code inventory.*} properties: where the inventory API is and how to log in to it. A value that is
 * missing or unusable stops the application at startup, with the property to set.
 *
 * @param baseUri the API's address, {@code http://} or {@code https://}, with the path its resources are under
 * @param clientId the client id the API issued to this application
 * @param clientSecret that client's secret; set it from the environment ({@code INVENTORY_CLIENTSECRET})
 * @param timeout how long to wait for each answer of the API, the login's included
 */
@ConfigurationProperties("inventory")
public record InventoryProperties(URI baseUri, String clientId, String clientSecret,
        @DefaultValue("10s") Duration timeout) {

    public InventoryProperties {
        if (baseUri == null || !("http".equals(baseUri.getScheme()) || "https".equals(baseUri.getScheme()))) {
            throw new IllegalArgumentException("inventory.base-uri must be the inventory API's http:// or https:// "
                    + "address, such as http://127.0.0.1:9090 (was " + baseUri + ")");
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException(
                    "inventory.client-id and inventory.client-secret must both be set: the API's login needs them");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("inventory.timeout must be positive, such as 10s (was " + timeout + ")");
        }
    }

}
