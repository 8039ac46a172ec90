/**
 * Flow control for an {@link io.github.operationqueue.OperationQueue}: how many operations may be in
 * flight ({@link io.github.operationqueue.flow.ConcurrencyLimit}, fixed or adaptive), how often one may
 * start ({@link io.github.operationqueue.flow.StartRate}), and the remote's request for quiet
 * ({@link io.github.operationqueue.flow.RemoteBackOffException}). The interfaces here depend on the JDK
 * only; the implementations that use a library live in their own packages ({@code flow.netflix},
 * {@code flow.resilience4j}), each library an optional dependency of core.
 */
package io.github.operationqueue.flow;
