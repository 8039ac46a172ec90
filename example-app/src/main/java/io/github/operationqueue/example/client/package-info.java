/**
 * The client of the remote API. Every attempt of a request is one operation of the queue
 * {@code remote-service} (200 runners under an adaptive limit, none of which holds a thread while its
 * request is in flight); a 503 or 429 fails the operation, so that the queue's flow control learns of it,
 * and the client tries again. A request whose token was refused renews the login through the line
 * {@code remote-auth}, so that however many requests find the same token expired, exactly one logs in
 * again while the others wait and then retry.
 * {@link io.github.operationqueue.example.client.MessageClient} holds that logic in one place.
 */
package io.github.operationqueue.example.client;
