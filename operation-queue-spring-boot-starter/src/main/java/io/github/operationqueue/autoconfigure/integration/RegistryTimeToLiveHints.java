package io.github.operationqueue.autoconfigure.integration;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Keeps, in a native image, the registry fields that {@link RegistryTimeToLive} reads: without them
 * the field is missing there and every shared line would fail to start. Each hint applies only when
 * its registry is reachable in the application.
 */
final class RegistryTimeToLiveHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        RegistryTimeToLive.FIELDS.forEach((className, fieldName) -> {
            TypeReference registry = TypeReference.of(className);
            hints.reflection().registerType(registry, (type) -> type.onReachableType(registry).withField(fieldName));
        });
    }

}
