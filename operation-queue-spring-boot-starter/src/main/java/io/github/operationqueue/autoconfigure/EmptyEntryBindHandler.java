package io.github.operationqueue.autoconfigure;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Bindable.BindRestriction;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;

/**
 * Lets the settings of a queue or line entry come from every property source even where one of
 * them lists the entry without settings.
 *
 * <p>Spring Boot stores a YAML entry without settings ({@code mailer: {}}) as an empty value at
 * the entry itself ({@code operation-queue.queues.mailer=""}), and the binder takes a value found
 * at an entry's own name before it looks at the entry's settings: the empty value of the base
 * file would hide {@code runners: 3} from a profile file. So an entry that has settings in some
 * source is bound from those settings only, as Spring Boot binds any entry that has no value of
 * its own; an entry with no settings anywhere still binds from its empty value, to an entry
 * whose every setting comes from {@code defaults}.
 *
 * <p>Used for the binding of {@link OperationQueueProperties} (through a
 * {@code ConfigurationPropertiesBindHandlerAdvisor}) and for the names the
 * {@link OperationQueueRegistrar} reads before that binding, so both see the same entries.
 */
final class EmptyEntryBindHandler extends AbstractBindHandler {

    private static final ConfigurationPropertyName QUEUES = ConfigurationPropertyName.of(OperationQueueRegistrar.QUEUES);

    private static final ConfigurationPropertyName LINES = ConfigurationPropertyName.of(OperationQueueRegistrar.LINES);

    EmptyEntryBindHandler(BindHandler parent) {
        super(parent);
    }

    @Override
    public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
        Bindable<T> started = super.onStart(name, target, context);
        if ((QUEUES.isParentOf(name) || LINES.isParentOf(name)) && hasSettings(name, context)) {
            return started.withBindRestrictions(BindRestriction.NO_DIRECT_PROPERTY);
        }
        return started;
    }

    private static boolean hasSettings(ConfigurationPropertyName entry, BindContext context) {
        for (ConfigurationPropertySource source : context.getSources()) {
            if (source.containsDescendantOf(entry) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
    }

}
