/**
 * The example application: {@code remote} is a stand-in for a remote API whose tokens expire,
 * {@code client} talks to it through an operation queue and a line, {@code api} fires bursts and
 * reports what happened.
 */
package io.github.operationqueue.example;
