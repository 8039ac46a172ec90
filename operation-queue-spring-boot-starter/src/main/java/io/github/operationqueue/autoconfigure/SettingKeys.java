package io.github.operationqueue.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Fails the start on a key under a queue, a line or {@code operation-queue.defaults} that is not
 * one of their settings, such as {@code lock-registery}: the binder would ignore it, and the line
 * would silently stay local. The known keys are the writable properties of the settings class, so
 * a setting added there is known here without more code.
 *
 * <p>Keys are compared in Spring Boot's uniform form (lowercase, without dashes), so
 * {@code LOCKREGISTRY} in an environment variable is the key {@code lock-registry}. Only the
 * level directly under an entry is checked.
 */
final class SettingKeys {

    private SettingKeys() {
    }

    /**
     * Checks every key one level under each entry of {@code mapProperty}, such as
     * {@code operation-queue.lines.remote-login.lock-registery}.
     *
     * @throws InvalidOperationQueueConfigurationException naming the first unknown key found
     */
    static void checkEntries(Environment environment, String mapProperty, Class<?> settings, String kind) {
        check(environment, ConfigurationPropertyName.of(mapProperty), 1, settings, kind);
    }

    /**
     * Checks every key directly under {@code property}, such as
     * {@code operation-queue.defaults.capacty}.
     *
     * @throws InvalidOperationQueueConfigurationException naming the first unknown key found
     */
    static void checkSettings(Environment environment, String property, Class<?> settings, String kind) {
        check(environment, ConfigurationPropertyName.of(property), 0, settings, kind);
    }

    private static void check(Environment environment, ConfigurationPropertyName parent, int entryElements,
            Class<?> settings, String kind) {
        Map<String, String> known = known(settings);
        int keyIndex = parent.getNumberOfElements() + entryElements;
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.filter(parent::isAncestorOf)
                .stream()
                .filter((name) -> name.getNumberOfElements() > keyIndex)
                .filter((name) -> !known.containsKey(name.getElement(keyIndex, Form.UNIFORM)))
                .findFirst()
                .ifPresent((name) -> {
                    throw unknown(name, keyIndex, entryElements, known, kind);
                });
        }
    }

    private static InvalidOperationQueueConfigurationException unknown(ConfigurationPropertyName name, int keyIndex,
            int entryElements, Map<String, String> known, String kind) {
        String key = name.getElement(keyIndex, Form.ORIGINAL);
        String owner = (entryElements > 0) ? kind + " '" + name.getElement(keyIndex - 1, Form.ORIGINAL) + "'" : kind;
        String keys = String.join(", ", known.values());
        String closest = closest(key, known);
        return new InvalidOperationQueueConfigurationException(name.toString(),
                "unknown key '" + key + "' under " + owner + "; Spring Boot would ignore it.",
                ((closest != null) ? "Did you mean '" + closest + "'? " : "") + "Use one of the keys of a " + kind
                        + ": " + keys + ".");
    }

    /** The writable properties of {@code settings}, uniform form to dashed form. */
    private static Map<String, String> known(Class<?> settings) {
        Map<String, String> known = new LinkedHashMap<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(settings)) {
            if (property.getWriteMethod() != null) {
                String dashed = DataObjectPropertyName.toDashedForm(property.getName());
                known.put(dashed.replace("-", ""), dashed);
            }
        }
        return known;
    }

    /** The known key nearest to {@code key} when it is a likely typo (at most two edits away). */
    private static String closest(String key, Map<String, String> known) {
        String uniform = key.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
        return known.entrySet()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getValue, (entry) -> distance(uniform, entry.getKey())))
            .entrySet()
            .stream()
            .filter((entry) -> entry.getValue() <= 2)
            .min(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(null);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

}
