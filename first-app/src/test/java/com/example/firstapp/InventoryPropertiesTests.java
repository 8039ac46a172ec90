package com.example.firstapp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            inventory.base-uri=inventory.example.com:9090 | inventory.base-uri must be the inventory API's http:// or https:// address
            inventory.client-secret=                      | inventory.client-id and inventory.client-secret must both be set
            inventory.timeout=0s                          | inventory.timeout must be positive
            """)
    void anUnusableValueStopsTheStartAndSaysWhatToSet(String property, String message) {
        this.contextRunner.withPropertyValues(property)
            .run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining(message));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InventoryProperties.class)
    static class BindInventoryProperties {

    }

}
