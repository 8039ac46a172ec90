package io.github.operationqueue.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;


/**
 * The {@code operation-queue.lines.<name>.lock-registry} settings: which lines are shared with the
 * other instances, through which {@code LockRegistry} bean.
 */
final class SharedLineSettings {

    static final String PROPERTY = "lock-registry";

    private SharedLineSettings() {
    }

    /** Returns the lock registry bean name of each shared line, in configuration order. */
    static Map<String, String> lockRegistries(OperationQueueProperties properties) {
        Map<String, String> registries = new LinkedHashMap<>();
        sharedLines(properties).forEach((name, line) -> registries.put(name, line.getLockRegistry().trim()));
        return registries;
    }

    /** Returns the settings of each shared line (one with a lock registry), in configuration order. */
    static Map<String, OperationQueueProperties.Line> sharedLines(OperationQueueProperties properties) {
        Map<String, OperationQueueProperties.Line> shared = new LinkedHashMap<>();
        properties.getLines().forEach((name, line) -> {
            if (line != null && line.getLockRegistry() != null && !line.getLockRegistry().isBlank()) {
                shared.put(name, line);
            }
        });
        return shared;
    }

    /**
     * The coordinators when support for shared lines is missing: none, after checking that no line
     * asks for one.
     */
    static SharedLineCoordinators localOnly(OperationQueueProperties properties) {
        lockRegistries(properties).keySet().stream().findFirst().ifPresent((line) -> {
            throw new InvalidOperationQueueConfigurationException(path(line),
                    "the line is to be shared through a lock registry, but Spring Integration is not on the classpath.",
                    "Add org.springframework.integration:spring-integration-core and the module of your registry "
                            + "(spring-integration-jdbc, spring-integration-redis, ...), or remove " + path(line)
                            + " to keep the line local.");
        });
        return (name) -> null;
    }

    /** The full path of a line's lock-registry property, for error messages. */
    static String path(String line) {
        return path(line, PROPERTY);
    }

    /** The full path of one of a line's properties, for error messages. */
    static String path(String line, String property) {
        return OperationQueueRegistrar.PREFIX + ".lines." + line + "." + property;
    }

}
