/**
 * Actuator support for operation queues and lines: the {@code operationqueues} and {@code lines}
 * endpoints, the {@code operationQueues} health contributor, and their auto-configurations. Every
 * body shows operations by count only, never by their text.
 */
package io.github.operationqueue.autoconfigure.actuate;
