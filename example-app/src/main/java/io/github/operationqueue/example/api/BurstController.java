package io.github.operationqueue.example.api;

import java.util.concurrent.CompletableFuture;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/burst?requests=N} and {@code GET /api/stats}. */
@RestController
class BurstController {

    /** Most requests one burst may send. */
    static final int MAX_REQUESTS = 10_000;

    /** What {@code requests} may be, as error bodies tell it. */
    static final String ALLOWED_REQUESTS = "an integer from 1 to " + MAX_REQUESTS;

    private final BurstRunner bursts;

    private final Scoreboard scoreboard;

    BurstController(BurstRunner bursts, Scoreboard scoreboard) {
        this.bursts = bursts;
        this.scoreboard = scoreboard;
    }

    /**
     * Sends {@code requests} message requests at once; answers when they have all finished (the
     * request holds no server thread meanwhile).
     */
    @PostMapping("/api/burst")
    CompletableFuture<BurstResult> burst(@RequestParam(required = false) Integer requests) {
        if (requests == null) {
            throw new InvalidBurstException("Parameter 'requests' is missing: give " + ALLOWED_REQUESTS);
        }
        if (requests < 1 || requests > MAX_REQUESTS) {
            throw new InvalidBurstException(
                    "Parameter 'requests' must be " + ALLOWED_REQUESTS + ", but was " + requests);
        }
        return this.bursts.run(requests);
    }

    @GetMapping("/api/stats")
    RunningTotals stats() {
        return this.scoreboard.read();
    }

}
