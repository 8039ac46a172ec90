/**
 * A start rate backed by Resilience4j's rate limiter, an optional dependency: this package is the only
 * part of core that uses it. See {@link io.github.operationqueue.flow.resilience4j.Resilience4jStartRate}.
 */
package io.github.operationqueue.flow.resilience4j;
