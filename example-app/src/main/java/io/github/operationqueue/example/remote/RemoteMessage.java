package io.github.operationqueue.example.remote;

/**
 * A message as the stand-in serves it.
 *
 * @param id the message's id
 * @param subject its subject line
 */
record RemoteMessage(long id, String subject) {
}
