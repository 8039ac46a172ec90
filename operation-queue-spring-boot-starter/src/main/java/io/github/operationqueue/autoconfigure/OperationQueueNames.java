package io.github.operationqueue.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * The rule for queue and line names, the bean names derived from them, and how the configured
 * names are read from the environment.
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
            .toLowerCase(Locale.ROOT)
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

    /**
     * Returns the map keys under {@code mapProperty} (such as {@code operation-queue.queues}) in
     * every property source, checked: each must be kebab-case, and no two may differ only by
     * dashes. The keys are read from the property names rather than from a bound map, so that an
     * entry without settings ({@code remote-auth: {}} in YAML) counts too; nothing is bound here.
     *
     * @param kind {@code "queue"} or {@code "line"}, for the error message
     * @throws InvalidOperationQueueConfigurationException for a malformed name, or two names
     *         that differ only by dashes
     */
    static List<String> configured(Environment environment, String mapProperty, String kind) {
        ConfigurationPropertyName prefix = ConfigurationPropertyName.of(mapProperty);
        Map<String, Set<String>> sourcesByName = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(prefix::isAncestorOf)
                    .stream()
                    .map((name) -> name.getElement(prefix.getNumberOfElements(), Form.ORIGINAL))
                    .forEach((name) -> sourcesByName.computeIfAbsent(name, (key) -> new LinkedHashSet<>())
                        .add(describe(source)));
            }
        }
        List<String> names = new ArrayList<>(sourcesByName.keySet());
        for (String name : names) {
            if (!isValid(name)) {
                throw malformed(mapProperty, name, kind);
            }
        }
        checkNoTwoDifferOnlyByDashes(mapProperty, kind, sourcesByName);
        return List.copyOf(names);
    }

    /** {@code {"operation-queue":{"queues":{"remote-service":{...}}}}} for a key of {@code operation-queue.queues}. */
    private static String json(String mapProperty, String key) {
        StringBuilder json = new StringBuilder();
        for (String element : mapProperty.split("\\.")) {
            json.append("{\"").append(element).append("\":");
        }
        json.append("{\"").append(key).append("\":{...}}");
        json.append("}".repeat(mapProperty.split("\\.").length));
        return json.toString();
    }

    private static String describe(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        return (underlying instanceof PropertySource<?> propertySource) ? propertySource.getName()
                : String.valueOf(underlying);
    }

    /**
     * Environment variables cannot carry dashes, so Spring Boot reads
     * {@code OPERATIONQUEUE_QUEUES_REMOTESERVICE_RUNNERS} as the key {@code remoteservice}: next to
     * a {@code remote-service} entry from a file it would silently make a second queue.
     */
    private static void checkNoTwoDifferOnlyByDashes(String mapProperty, String kind,
            Map<String, Set<String>> sourcesByName) {
        Map<String, String> byUndashed = new LinkedHashMap<>();
        for (String name : sourcesByName.keySet()) {
            String other = byUndashed.putIfAbsent(name.replace("-", ""), name);
            if (other != null) {
                String dashed = other.contains("-") ? other : name;
                String undashed = dashed.equals(other) ? name : other;
                String variable = mapProperty.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT) + "_"
                        + dashed.toUpperCase(Locale.ROOT) + "_RUNNERS";
                throw new InvalidOperationQueueConfigurationException(mapProperty + "." + dashed,
                        "the " + kind + " keys '" + other + "' (from " + sourcesByName.get(other) + ") and '" + name
                                + "' (from " + sourcesByName.get(name) + ") differ only by dashes, so they would make "
                                + "two " + kind + "s. Environment variables cannot spell a dash in the usual form: "
                                + "an environment variable such as " + variable.replace("-", "")
                                + " names the " + kind + " '" + undashed + "'.",
                        "Use one spelling. To set a value of '" + dashed + "' from the environment, keep the dash in "
                                + "the variable name (" + variable + ") or use SPRING_APPLICATION_JSON, for example "
                                + "SPRING_APPLICATION_JSON='" + json(mapProperty, dashed) + "'.");
            }
        }
    }

}
