package io.github.operationqueue.autoconfigure.integration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several instances of one application, each a Spring context of its own in this JVM with its own
 * lock registry client, all sharing the line {@value #LINE} through one store; and the requests they
 * serve against a {@link StandInRemoteService}.
 */
final class SharedLineInstances implements AutoCloseable {

    static final String LINE = "remote-login";

    /** How long a single request may take before the test calls it hung. */
    private static final long REQUEST_TIMEOUT_SECONDS = 60;

    private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

    private SharedLineInstances() {
    }

    /**
     * Starts {@code names.size()} instances from {@code configuration}, each with its own
     * initializer (which registers what is per instance, such as its connection pool).
     */
    static SharedLineInstances start(Class<?> configuration, List<String> names,
            Function<String, ApplicationContextInitializer<ConfigurableApplicationContext>> initializer) {
        SharedLineInstances instances = new SharedLineInstances();
        try {
            for (String name : names) {
                ConfigurableApplicationContext context = new SpringApplicationBuilder(configuration)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .properties("spring.application.name=" + name,
                            "operation-queue.lines." + LINE + ".lock-registry=lineLocks")
                    .initializers(initializer.apply(name))
                    .run();
                instances.contexts.put(name, context);
            }
        }
        catch (RuntimeException ex) {
            instances.close();
            throw ex;
        }
        return instances;
    }

    Line line(String instance) {
        return this.contexts.get(instance).getBean(Lines.class).get(LINE);
    }

    ConfigurableApplicationContext context(String instance) {
        return this.contexts.get(instance);
    }

    List<String> names() {
        return List.copyOf(this.contexts.keySet());
    }

    /**
     * Serves {@code perInstance} requests on every instance at once, all released by one latch, and
     * returns each request's outcome by instance: {@code null} for a success, else its failure.
     * Fails the test if a request does not end within a minute.
     */
    Map<String, List<Throwable>> serve(StandInRemoteService service, int perInstance) throws InterruptedException {
        int total = perInstance * this.contexts.size();
        ExecutorService threads = Executors.newFixedThreadPool(total);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, List<Future<?>>> futures = new LinkedHashMap<>();
        try {
            for (String instance : this.contexts.keySet()) {
                Line line = line(instance);
                List<Future<?>> mine = new ArrayList<>();
                for (int i = 0; i < perInstance; i++) {
                    mine.add(threads.submit(() -> {
                        start.await();
                        request(line, service, instance);
                        return null;
                    }));
                }
                futures.put(instance, mine);
            }
            start.countDown();
            Map<String, List<Throwable>> outcomes = new LinkedHashMap<>();
            for (Map.Entry<String, List<Future<?>>> entry : futures.entrySet()) {
                List<Throwable> results = new ArrayList<>();
                for (Future<?> future : entry.getValue()) {
                    try {
                        future.get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        results.add(null);
                    }
                    catch (ExecutionException ex) {
                        results.add(ex.getCause());
                    }
                    catch (TimeoutException ex) {
                        throw new AssertionError("A request on " + entry.getKey() + " hung for "
                                + REQUEST_TIMEOUT_SECONDS + " s", ex);
                    }
                }
                outcomes.put(entry.getKey(), results);
            }
            return outcomes;
        }
        finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One request, as an application would write it: call the service; when the login has expired,
     * whoever gets the line logs in again (unless somebody already did), the others wait for the
     * holder and retry. A failure to coordinate ends the request with that failure.
     */
    static void request(Line line, StandInRemoteService service, String instance) throws Exception {
        for (int attempt = 1; attempt <= 20; attempt++) {
            long session = service.session();
            if (service.call(session)) {
                return;
            }
            AcquireOutcome outcome = line.tryAcquireToken();
            if (outcome instanceof AcquireOutcome.Success success) {
                try (Token token = success.token()) {
                    if (service.session() == session) {
                        service.login(instance);
                    }
                }
            }
            else if (outcome instanceof AcquireOutcome.Failure failure) {
                try {
                    failure.released().get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                catch (ExecutionException ex) {
                    throw (ex.getCause() instanceof Exception cause) ? cause : ex;
                }
            }
        }
        throw new IllegalStateException(instance + ": still failing after 20 attempts");
    }

    /** Closes one instance, as if it shut down. */
    void stop(String instance) {
        ConfigurableApplicationContext context = this.contexts.remove(instance);
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void close() {
        for (String name : List.copyOf(this.contexts.keySet())) {
            stop(name);
        }
    }

}
