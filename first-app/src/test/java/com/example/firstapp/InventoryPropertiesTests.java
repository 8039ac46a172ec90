package com.example.firstapp;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code inventory.*} properties as Spring Boot binds them: an unusable value stops the start and names itself. */
class InventoryPropertiesTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withUserConfiguration(BindInventoryProperties.class)
        .withPropertyValues("inventory.base-uri=https://inventory.example.com/v1", "inventory.client-id=first-app",
                "inventory.client-secret=secret");

    @Test
    void bindsTheAddressTheCredentialsAndATenSecondTimeoutByDefault() {
        this.contextRunner.run((context) -> {
            InventoryProperties inventory = context.getBean(InventoryProperties.class);
            assertThat(inventory.baseUri()).hasToString("https://inventory.example.com/v1");
            assertThat(inventory.clientId()).isEqualTo("first-app");
            assertThat(inventory.timeout()).hasSeconds(10);
        });
    }

    @Test
    void anAddressWithoutSchemeStopsTheStartAndSaysWhatToSet() {
        this.contextRunner.withPropertyValues("inventory.base-uri=inventory.example.com:9090")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("inventory.base-uri must be the inventory API's http:// or https:// address"));
    }

    @Test
    void aMissingClientSecretStopsTheStartAndSaysWhatToSet() {
        this.contextRunner.withPropertyValues("inventory.client-secret=")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("inventory.client-id and inventory.client-secret must both be set"));
    }

    @Test
    void aTimeoutOfZeroStopsTheStart() {
        this.contextRunner.withPropertyValues("inventory.timeout=0s")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("inventory.timeout must be positive"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InventoryProperties.class)
    static class BindInventoryProperties {

    }

}
