package io.github.operationqueue.autoconfigure;

import java.util.regex.Pattern;

/**
 * The rule for queue and line names, and the bean names derived from them.
 */
final class OperationQueueNames {

    /** Prefix of the bean name of each configured queue; see {@link #queueBeanName}. */
    static final String QUEUE_BEAN_NAME_PREFIX = "operationQueue.";

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private OperationQueueNames() {
    }

    /**
     * Returns whether {@code name} is kebab-case: lowercase letters and digits in words joined by
     * single hyphens.
     */
    static boolean isValid(String name) {
        return name != null && KEBAB_CASE.matcher(name).matches();
    }

    /**
     * Returns the bean name of the configured queue {@code name}. The prefix keeps queue beans
     * apart from the application's beans: a queue named {@code datasource} never replaces a
     * {@code datasource} bean. The queue's name itself is its qualifier.
     */
    static String queueBeanName(String name) {
        return QUEUE_BEAN_NAME_PREFIX + name;
    }

    /** Returns a kebab-case suggestion for a malformed name, such as {@code data-source} for {@code dataSource}. */
    static String suggest(String name) {
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
            .toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
        return kebab.isEmpty() ? "my-queue" : kebab;
    }

    /** Builds the exception for a malformed name under {@code propertyPrefix} (such as {@code operation-queue.queues}). */
    static InvalidOperationQueueConfigurationException malformed(String propertyPrefix, String name, String kind) {
        return new InvalidOperationQueueConfigurationException(propertyPrefix + "." + name,
                "the " + kind + " name '" + name + "' is not kebab-case ([a-z0-9]+(-[a-z0-9]+)*).",
                "Rename the " + kind + " to lowercase letters and digits joined by single hyphens, for example '"
                        + suggest(name) + "'.");
    }

}
