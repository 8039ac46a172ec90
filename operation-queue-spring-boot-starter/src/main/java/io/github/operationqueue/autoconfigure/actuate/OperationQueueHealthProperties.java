package io.github.operationqueue.autoconfigure.actuate;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code operationQueues} health contributor, under
 * {@code management.health.operationqueues}.
 */
@ConfigurationProperties("management.health.operationqueues")
public class OperationQueueHealthProperties {

    /**
     * Whether a queue stopped while the application runs turns the application's health DOWN, for
     * every queue. When false, a stopped queue is reported with the status STOPPED, which does not
     * change the application's health.
     */
    private boolean downWhenStopped;

    /**
     * Names of the queues whose stop while the application runs turns the application's health
     * DOWN, for only these queues.
     */
    private Set<String> downWhenStoppedQueues = new LinkedHashSet<>();

    /**
     * Creates the properties with their defaults: no stopped queue turns the health DOWN.
     */
    public OperationQueueHealthProperties() {
    }

    /**
     * Returns whether every stopped queue is DOWN.
     *
     * @return whether every stopped queue is DOWN
     */
    public boolean isDownWhenStopped() {
        return this.downWhenStopped;
    }

    /**
     * Sets whether every stopped queue is DOWN.
     *
     * @param downWhenStopped whether every stopped queue is DOWN
     */
    public void setDownWhenStopped(boolean downWhenStopped) {
        this.downWhenStopped = downWhenStopped;
    }

    /**
     * Returns the names of the queues that are DOWN when stopped.
     *
     * @return the queue names
     */
    public Set<String> getDownWhenStoppedQueues() {
        return this.downWhenStoppedQueues;
    }

    /**
     * Sets the names of the queues that are DOWN when stopped.
     *
     * @param downWhenStoppedQueues the queue names
     */
    public void setDownWhenStoppedQueues(Set<String> downWhenStoppedQueues) {
        this.downWhenStoppedQueues = downWhenStoppedQueues;
    }

    /**
     * Tells whether the queue {@code name} is DOWN when stopped.
     *
     * @param name the queue's name
     * @return whether it is DOWN when stopped
     */
    boolean isDownWhenStopped(String name) {
        return this.downWhenStopped || this.downWhenStoppedQueues.contains(name);
    }

}
