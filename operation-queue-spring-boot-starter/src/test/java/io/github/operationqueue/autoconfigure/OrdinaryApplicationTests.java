package io.github.operationqueue.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application as users write them: its own {@code ThreadPoolTaskExecutor} (so Spring Boot
 * creates no {@code applicationTaskExecutor}), a profile file that gives settings to entries the
 * base file lists with {@code {}}, and a {@code @Bean} declared by an interface type. It is run
 * with {@link SpringApplicationBuilder} so that Spring Boot loads {@code ordinary-app.yml} and
 * {@code ordinary-app-p.yml} as it loads any application's configuration files.
 */
@Timeout(60)
class OrdinaryApplicationTests {

    @Test
    void startsWithItsOwnExecutorAProfileOverEmptyEntriesAndAnInterfaceTypedBean() throws Exception {
        try (ConfigurableApplicationContext context = run("p")) {
            OperationQueues queues = context.getBean(OperationQueues.class);
            assertThat(queues.names()).containsExactlyInAnyOrder("mailer", "reports");
            OperationQueue mailer = queues.get("mailer");
            assertThat(mailer.stats().runners()).as("runners from the profile file").isEqualTo(3);
            assertThat(mailer.stats().capacity()).as("capacity from the profile file").isEqualTo(7);
            assertThat(queues.get("reports").stats().runners()).as("an entry without settings").isEqualTo(1);
            assertThat(context.getBean(Lines.class).get("remote-auth").isDistributed())
                .as("lock-registry from the profile file").isTrue();
            Greeter greeter = context.getBean(Greeter.class);
            assertThat(greeter.greet("Ada").get(10, TimeUnit.SECONDS)).startsWith("Hello Ada on my-pool-");
        }
    }

    @Test
    void withoutTheProfileTheEntriesOfTheBaseFileTakeTheDefaults() {
        try (ConfigurableApplicationContext context = run()) {
            OperationQueue mailer = context.getBean(OperationQueues.class).get("mailer");
            assertThat(mailer.stats().runners()).isEqualTo(1);
            assertThat(mailer.stats().capacity()).isZero();
            assertThat(context.getBean(Lines.class).get("remote-auth").isDistributed()).isFalse();
        }
    }

    private static ConfigurableApplicationContext run(String... profiles) {
        return new SpringApplicationBuilder(OrdinaryApplication.class).web(WebApplicationType.NONE)
            .profiles(profiles)
            .properties("spring.config.name=ordinary-app")
            .run();
    }

    /** What the application offers its callers; the bean is declared by this type only. */
    interface Greeter {

        CompletableFuture<String> greet(String name);

    }

    /** Greets on the mailer queue, holding the remote-auth line's token while it does. */
    static final class QueuedGreeter implements Greeter {

        private final OperationQueue queue;

        private final Line line;

        QueuedGreeter(OperationQueue queue, Line line) {
            this.queue = queue;
            this.line = line;
        }

        @Override
        public CompletableFuture<String> greet(String name) {
            return this.queue.submitBlocking(() -> {
                if (!(this.line.acquireToken().get(10, TimeUnit.SECONDS) instanceof AcquireOutcome.Success success)) {
                    throw new IllegalStateException("the line was busy");
                }
                try (Token token = success.token()) {
                    return "Hello " + name + " on " + Thread.currentThread().getName();
                }
            });
        }

    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class OrdinaryApplication {

        @Bean
        ThreadPoolTaskExecutor myPool() {
            ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
            pool.setThreadNamePrefix("my-pool-");
            pool.setCorePoolSize(4);
            return pool;
        }

        @Bean
        DefaultLockRegistry lineLocks() {
            return new DefaultLockRegistry();
        }

        @Bean
        Greeter greeter(@Qualifier("mailer") OperationQueue mailer, @LineScoped("remote-auth") Line remoteAuth) {
            return new QueuedGreeter(mailer, remoteAuth);
        }

    }

}
