package io.github.operationqueue.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * The rule for queue and line names, the bean names derived from them, and how the configured
 * entries are read from the environment.
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
     * Returns the entries under {@code mapProperty} (such as {@code operation-queue.lines}) with
     * their values, read by Spring Boot's binder as {@link OperationQueueProperties} is (with the
     * {@link EmptyEntryBindHandler}), so that the names are the keys of the very map the
     * properties bean holds. An entry without settings maps to {@code null}. The names are checked:
     * each must be kebab-case, and no two may differ only by dashes; and each key under an entry
     * must be one of {@code valueType}'s (see {@link SettingKeys}).
     *
     * @param kind {@code "queue"} or {@code "line"}, for the error message
     * @throws InvalidOperationQueueConfigurationException for a malformed name, two names that
     *         differ only by dashes, or an unknown key under an entry
     */
    static <T> Map<String, T> bind(Environment environment, String mapProperty, Class<T> valueType, String kind) {
        SettingKeys.checkEntries(environment, mapProperty, valueType, kind);
        Map<String, T> entries = Binder.get(environment)
            .bind(mapProperty, Bindable.mapOf(String.class, valueType), new EmptyEntryBindHandler(BindHandler.DEFAULT))
            .orElseGet(Map::of);
        check(environment, mapProperty, kind, entries.keySet());
        return new LinkedHashMap<>(entries);
    }

    /**
     * Returns the names of the entries under {@code mapProperty}, {@code operation-queue.queues} or
     * {@code operation-queue.lines}; see {@link #bind}.
     *
     * @param kind {@code "queue"} or {@code "line"}, for the error message
     */
    static List<String> configured(Environment environment, String mapProperty, String kind) {
        Class<?> valueType = mapProperty.equals(OperationQueueRegistrar.QUEUES) ? OperationQueueProperties.Queue.class
                : OperationQueueProperties.Line.class;
        return List.copyOf(bind(environment, mapProperty, valueType, kind).keySet());
    }

    /**
     * Checks the names of the entries under {@code mapProperty}: each must be kebab-case, and no
     * two may differ only by dashes.
     */
    static void check(Environment environment, String mapProperty, String kind, Collection<String> names) {
        for (String name : names) {
            if (!isValid(name)) {
                throw malformed(mapProperty, name, kind);
            }
        }
        checkNoTwoDifferOnlyByDashes(environment, mapProperty, kind, names);
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
    private static void checkNoTwoDifferOnlyByDashes(Environment environment, String mapProperty, String kind,
            Collection<String> names) {
        Map<String, String> byUndashed = new LinkedHashMap<>();
        for (String name : names) {
            String other = byUndashed.putIfAbsent(name.replace("-", ""), name);
            if (other != null) {
                String dashed = other.contains("-") ? other : name;
                String undashed = dashed.equals(other) ? name : other;
                String variable = mapProperty.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT) + "_"
                        + dashed.toUpperCase(Locale.ROOT) + "_RUNNERS";
                throw new InvalidOperationQueueConfigurationException(mapProperty + "." + dashed,
                        "the " + kind + " keys '" + other + "' (from " + sources(environment, mapProperty, other)
                                + ") and '" + name + "' (from " + sources(environment, mapProperty, name)
                                + ") differ only by dashes, so they would make two " + kind + "s. Environment "
                                + "variables cannot spell a dash in the usual form: an environment variable such as "
                                + variable.replace("-", "") + " names the " + kind + " '" + undashed + "'.",
                        "Use one spelling. To set a value of '" + dashed + "' from the environment, keep the dash in "
                                + "the variable name (" + variable + ") or use SPRING_APPLICATION_JSON, for example "
                                + "SPRING_APPLICATION_JSON='" + json(mapProperty, dashed) + "'.");
            }
        }
    }

    /** The property sources that hold something for the entry {@code key}, for error messages only. */
    private static Set<String> sources(Environment environment, String mapProperty, String key) {
        ConfigurationPropertyName entry = ConfigurationPropertyName.of(mapProperty).append(key);
        Set<String> sources = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getConfigurationProperty(entry) != null
                    || source.containsDescendantOf(entry) == ConfigurationPropertyState.PRESENT) {
                sources.add(describe(source));
            }
        }
        return sources;
    }

}
