package io.github.operationqueue.example.remote;

/**
 * What the stand-in's maintenance window is doing ({@code GET /remote/maintenance}).
 *
 * @param secondsLeft whole seconds left of the window, rounded up; 0 when none is open
 * @param turnedAway message requests answered 503 with a {@code Retry-After} since startup
 */
record MaintenanceStatus(long secondsLeft, long turnedAway) {
}
