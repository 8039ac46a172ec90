package io.github.operationqueue.example.remote;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of a successful token request, in the shape of an OAuth 2.0 token response.
 *
 * @param accessToken the bearer token
 * @param tokenType always {@code Bearer}
 * @param expiresIn the token's lifetime in seconds, rounded up
 */
record IssuedToken(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {
}
