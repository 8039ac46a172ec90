/**
 * The example's own HTTP API: {@code POST /api/burst?requests=N} sends N requests through the client
 * and reports how they went, {@code GET /api/stats} gives the running totals the dashboard shows.
 */
package io.github.operationqueue.example.api;
