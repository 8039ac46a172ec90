package example.consumer;

import java.util.concurrent.CompletableFuture;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.LineScoped;
import io.github.operationqueue.line.Line;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Uses the queue configured in {@code application.yml} and a line injected by name, the way the README shows.
 */
@Service
class GreetingService {

    private final OperationQueue greetings;

    private final Line sessionRefresh;

    GreetingService(@Qualifier("greetings") OperationQueue greetings,
            @LineScoped("session-refresh") Line sessionRefresh) {
        this.greetings = greetings;
        this.sessionRefresh = sessionRefresh;
    }

    CompletableFuture<String> greet(String name) {
        return this.greetings.submitBlocking(() -> "hello " + name + " from " + Thread.currentThread().getName());
    }

    Line sessionRefresh() {
        return this.sessionRefresh;
    }
}
