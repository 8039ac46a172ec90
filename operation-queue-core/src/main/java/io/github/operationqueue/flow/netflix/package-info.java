/**
 * Adaptive concurrency limits backed by Netflix's concurrency-limits, an optional dependency: this
 * package is the only part of core that uses it. See
 * {@link io.github.operationqueue.flow.netflix.NetflixConcurrencyLimits}.
 */
package io.github.operationqueue.flow.netflix;
