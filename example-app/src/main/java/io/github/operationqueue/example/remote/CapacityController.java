package io.github.operationqueue.example.remote;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Steers the stand-in while it runs, to watch a client's flow control follow: {@code GET /remote/capacity}
 * shows its capacity, {@code POST /remote/capacity?k=N} changes how many requests it serves at once, and
 * {@code POST /remote/maintenance?seconds=N} turns message requests away with a {@code Retry-After} for
 * {@code N} seconds ({@code GET /remote/maintenance} shows the seconds left and the requests turned away).
 */
@RestController
class CapacityController {

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
        this.capacity.setCapacity(k);
        return this.capacity.status();
    }

    @GetMapping("/remote/maintenance")
    MaintenanceStatus maintenance() {
        return this.maintenance.status();
    }

    @PostMapping("/remote/maintenance")
    MaintenanceStatus startMaintenance(@RequestParam long seconds) {
        this.maintenance.start(Duration.ofSeconds(seconds));
        return this.maintenance.status();
    }

    /** A {@code k} or {@code seconds} out of range: a 400 whose body says what is allowed. */
    @ExceptionHandler
    ProblemDetail outOfRange(IllegalArgumentException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

}
