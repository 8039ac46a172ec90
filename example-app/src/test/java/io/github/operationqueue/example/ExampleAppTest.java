package io.github.operationqueue.example;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole application on a random port, with a remote API whose tokens live 1 s and whose replies
 * take 120 to 150 ms, 30 at a time, so that a burst of 1,000 requests outlives the token it
 * started with (see {@link BurstEndToEndTests}). Every test class with this annotation shares one
 * application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "example.remote.token-lifetime=1s", "example.remote.min-latency=120ms",
                "example.remote.max-latency=150ms", "example.remote.unavailable-rate=0.05",
                "spring.main.banner-mode=off" })
@interface ExampleAppTest {

}
