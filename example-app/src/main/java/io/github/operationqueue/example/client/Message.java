package io.github.operationqueue.example.client;

/**
 * A message fetched from the remote API.
 *
 * @param id the message's id
 * @param subject its subject line
 */
public record Message(long id, String subject) {
}
