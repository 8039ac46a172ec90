package io.github.operationqueue.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A client of a remote service whose login expires: bursts of requests go through the queue
 * {@code remote-service} (200 runners under an adaptive limit), and an expired login is renewed once, through the line
 * {@code remote-auth}, however many requests found it expired. The remote service is a stand-in
 * served by this application under {@code /remote/**}; the dashboard is at {@code /}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

}
