/**
 * Lines and tokens: a single-flight gate for failures that many parallel operations hit at once.
 *
 * <p>A {@link io.github.operationqueue.line.Line} has at most one live
 * {@link io.github.operationqueue.line.Token}. {@link io.github.operationqueue.line.Line#tryAcquireToken()}
 * either hands the caller the token ({@link io.github.operationqueue.line.AcquireOutcome.Success}) or
 * tells it that somebody else holds it ({@link io.github.operationqueue.line.AcquireOutcome.Failure}),
 * with a future that completes when the holder closes the token. The holder handles the shared problem,
 * say logs in again after a login expired, and closes its token; the others wait and then retry their own
 * work. Nobody is handed the line on release: a waiter that needs it tries again.
 *
 * <pre>{@code
 * Token token = null;
 * try {
 *     while (true) {
 *         try {
 *             return client.send(request);
 *         }
 *         catch (AuthenticationException ex) {
 *             // orToken: keep the token acquired in an earlier attempt
 *             AcquireOutcome outcome = authLine.tryAcquireToken().orToken(token);
 *             if (outcome instanceof AcquireOutcome.Success success) {
 *                 token = success.token();
 *                 session.logIn();                               // one request does this
 *             }
 *             else if (outcome instanceof AcquireOutcome.Failure failure) {
 *                 failure.released().get(30, TimeUnit.SECONDS); // the others wait, then retry
 *             }
 *         }
 *     }
 * }
 * finally {
 *     if (token != null) {
 *         token.close(); // frees the line once the request has succeeded (or given up)
 *     }
 * }
 * }</pre>
 *
 * <p>{@link io.github.operationqueue.line.Line#coalesce(java.util.function.Supplier)} wraps the
 * protocol: it runs a handler only in the caller that acquired the line and hands every other caller
 * the holder's outcome. {@link io.github.operationqueue.line.Lines} keeps lines by name, and
 * {@link io.github.operationqueue.line.LineListener} and {@link io.github.operationqueue.line.LineStats}
 * feed metrics and endpoints.
 *
 * <h2>Threads</h2>
 *
 * <p>Nothing in this package blocks, except {@code Line.coalesceAndWait} and a distributed line's
 * {@code tryAcquireToken} (see below). The futures handed to waiters are
 * completed by the thread that closes the token, inside {@code Token.close()}, and their non-async
 * dependent stages run on that thread. Keep those stages short, or chain with the {@code ...Async}
 * variants. No lock is held while futures are completed or listeners are called.
 *
 * <h2>Lines shared by several processes</h2>
 *
 * <p>A line made with a {@link io.github.operationqueue.line.LineCoordinator} (an SPI; the Spring Boot
 * starter adapts Spring Integration's {@code LockRegistry} to it) is <em>distributed</em>: across every
 * process sharing the coordinator's store at most one of its tokens is held at a time. The process's
 * own callers coalesce first, so one process asks the store at most once at a time.
 * {@link io.github.operationqueue.line.Line#acquireToken()} asks without blocking;
 * {@code tryAcquireToken()} blocks only the caller that asks, for at most the coordinator's
 * {@code acquireTimeout()}. While another process holds the line, callers here get a {@code Failure} whose
 * future completes when it lets go; when the store cannot be reached they get a
 * {@link io.github.operationqueue.line.LineCoordinationException}.
 * {@link io.github.operationqueue.line.Line#holder()} tells whether the holder is local or remote.
 *
 * <h2 id="MemoryConsistency">Memory consistency</h2>
 *
 * <p>Actions in a thread before it closes a {@link io.github.operationqueue.line.Token}
 * <i>happen-before</i>:
 * <ul>
 * <li>actions following the completion of any future handed out for that token's acquisition, by
 * {@code tryAcquireToken()} or {@code status()} (observed through {@code get}, {@code join} or a dependent
 * stage); and</li>
 * <li>actions following any later successful {@code tryAcquireToken()} of the same line.</li>
 * </ul>
 * For {@code coalesce}, actions of the holder's handler and its stage happen-before the completion of every
 * caller's returned future. This follows from the line's state being one atomic reference and the waiters'
 * futures being {@link java.util.concurrent.CompletableFuture}s; see "Memory Consistency Properties" in
 * the documentation of the {@code java.util.concurrent} package.
 */
package io.github.operationqueue.line;
