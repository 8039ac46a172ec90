/**
 * A stand-in for a remote API, served by the same embedded server under {@code /remote/**}: it issues
 * bearer tokens that expire after a few seconds, answers message requests after a small random
 * latency, refuses expired or unknown tokens with 401, and is now and then unavailable (503). It serves
 * a limited number of requests at once and lets as many wait (beyond those it answers 503 at once), and
 * it can be put under maintenance, answering 503 with a {@code Retry-After}. It counts the logins it
 * receives and the expired tokens it meets.
 */
package io.github.operationqueue.example.remote;
