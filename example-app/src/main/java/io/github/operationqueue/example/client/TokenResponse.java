package io.github.operationqueue.example.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The part of the remote API's OAuth 2.0 token response the client uses.
 *
 * @param accessToken the bearer token
 */
record TokenResponse(@JsonProperty("access_token") String accessToken) {
}
