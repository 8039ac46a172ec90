package io.github.operationqueue.example.remote;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The stand-in's test hooks, which no real remote API offers its clients: they steer the stand-in while it
 * runs, to watch a client's flow control follow. {@code GET /remote/capacity} shows its capacity,
 * {@code POST /remote/capacity?k=N} changes how many requests it serves at once, and
 * {@code POST /remote/maintenance?seconds=N} turns message requests away with a {@code Retry-After} for
 * {@code N} seconds ({@code GET /remote/maintenance} shows the seconds left and the requests turned away).
 * A missing, malformed or out-of-range value changes nothing and is answered 400 with a JSON body
 * (RFC 9457) naming the parameter and what it allows.
 */
@RestController
class CapacityController {

    private static final Map<String, String> ALLOWED = Map.of("k",
            "a whole number of requests served at once, at least 1", "seconds",
            "a whole number of seconds from 1 to " + Maintenance.LONGEST.toSeconds());

    private final ServiceCapacity capacity;

    private final Maintenance maintenance;

    CapacityController(ServiceCapacity capacity, Maintenance maintenance) {
        this.capacity = capacity;
        this.maintenance = maintenance;
    }

    @GetMapping("/remote/capacity")
    CapacityStatus capacity() {
        return this.capacity.status();
    }

    @PostMapping("/remote/capacity")
    CapacityStatus changeCapacity(@RequestParam int k) {
        try {
            this.capacity.setCapacity(k);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidStandInControlException("k", k, ex);
        }
        return this.capacity.status();
    }

    @GetMapping("/remote/maintenance")
    MaintenanceStatus maintenance() {
        return this.maintenance.status();
    }

    @PostMapping("/remote/maintenance")
    MaintenanceStatus startMaintenance(@RequestParam long seconds) {
        try {
            this.maintenance.start(Duration.ofSeconds(seconds));
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidStandInControlException("seconds", seconds, ex);
        }
        return this.maintenance.status();
    }

    @ExceptionHandler
    ProblemDetail outOfRange(InvalidStandInControlException ex) {
        return badRequest(ex.parameter(), ex.value());
    }

    @ExceptionHandler
    ProblemDetail notANumber(MethodArgumentTypeMismatchException ex) {
        return badRequest(ex.getName(), ex.getValue());
    }

    @ExceptionHandler
    ProblemDetail missing(MissingServletRequestParameterException ex) {
        return badRequest(ex.getParameterName(), "nothing");
    }

    private static ProblemDetail badRequest(String parameter, Object value) {
        String allowed = ALLOWED.getOrDefault(parameter, "as documented");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + parameter + "' must be " + allowed + ", but was '" + value + "'");
        problem.setTitle("Invalid stand-in control");
        problem.setProperty("allowed", parameter + ": " + allowed);
        return problem;
    }

}
