package io.github.operationqueue.autoconfigure;

import java.util.Collection;
import java.util.Locale;

/**
 * Fails the creation of a line whose settings were written without its dashes. An environment
 * variable cannot spell a dash in the usual form, so
 * {@code OPERATIONQUEUE_LINES_REMOTELOGIN_LOCKREGISTRY} configures a line {@code remotelogin}; the
 * application's line {@code remote-login} would silently stay local.
 */
final class UndashedLineKey {

    private UndashedLineKey() {
    }

    /**
     * Checks the line {@code name} that is being created against the configured line keys.
     *
     * @throws InvalidOperationQueueConfigurationException if {@code name} has dashes, is not
     *         configured itself, and its undashed spelling is
     */
    static void check(String name, Collection<String> configured) {
        String undashed = name.replace("-", "");
        if (undashed.equals(name) || configured.contains(name) || !configured.contains(undashed)) {
            return;
        }
        String property = OperationQueueRegistrar.LINES + "." + undashed;
        String variable = "OPERATIONQUEUE_LINES_" + name.toUpperCase(Locale.ROOT) + "_LOCKREGISTRY";
        throw new InvalidOperationQueueConfigurationException(property,
                "a line '" + undashed + "' is configured, and the application uses the line '" + name
                        + "', which has no settings. An environment variable cannot spell the dash in the usual "
                        + "form, so OPERATIONQUEUE_LINES_" + undashed.toUpperCase(Locale.ROOT)
                        + "_... configures '" + undashed + "', not '" + name + "'.",
                "Keep the dash in the variable name (" + variable + ") or use SPRING_APPLICATION_JSON, for example "
                        + "SPRING_APPLICATION_JSON='{\"operation-queue\":{\"lines\":{\"" + name
                        + "\":{\"lock-registry\":\"...\"}}}}'; or rename the line to '" + undashed + "'.");
    }

}
