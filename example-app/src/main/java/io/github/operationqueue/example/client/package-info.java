/**
 * The client of the remote API. Every request is one operation of the queue {@code remote-service}
 * (100 runners, none of which holds a thread while its request is in flight); a request whose token
 * was refused renews the login through the line {@code remote-auth}, so that however many requests
 * find the same token expired, exactly one logs in again while the others wait and then retry.
 * {@link io.github.operationqueue.example.client.MessageClient} holds that logic in one place.
 */
package io.github.operationqueue.example.client;
