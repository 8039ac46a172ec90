package io.github.operationqueue.line;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry of named {@link Line}s: every caller that asks for the same name gets the same line.
 *
 * <p>Names. The registry accepts two forms of name and rejects anything else with an
 * {@link IllegalArgumentException}:
 * <ul>
 * <li>kebab-case, {@code [a-z0-9]+(-[a-z0-9]+)*}, such as {@code remote-auth}: the form used in
 * configuration;</li>
 * <li>a Java class name with its package, such as {@code com.example.MailClient} or
 * {@code com.example.MailClient$Session}: the name of a line created for a class rather than
 * configured (the starter's {@code @LineScoped} without a name).</li>
 * </ul>
 * Where only one form is allowed (configuration keys must be kebab-case), the caller checks it,
 * with {@link #isKebabCase(String)}, and reports the mistake in its own terms; the registry only keeps
 * names out that fit neither form, so that every line's name is safe to use as a metric tag.
 *
 * <p>Thread: every method is thread-safe. {@link #line(String)} never blocks when the line exists; when
 * it creates one it takes a short internal lock, never held while calling listeners.
 *
 * <p>Registration listeners (see {@link #addRegistrationListener(Consumer)}) are told of every line
 * exactly once, whether it existed before they were added or was created after. Lines are never
 * removed: a line is cheap when idle, and removing one that a component still holds would let two
 * lines exist under one name.
 */
public final class Lines implements Iterable<Line> {

    private static final Logger logger = LoggerFactory.getLogger(Lines.class);

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private static final Pattern CLASS_NAME = Pattern
        .compile("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)*"
                + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");

    private final ConcurrentHashMap<String, Line> lines = new ConcurrentHashMap<>();

    /** Guards the creation of lines and changes to {@link #registrationListeners} together. */
    private final Object registrationLock = new Object();

    /** Copied on write; guarded by registrationLock for writes. */
    private volatile List<Consumer<? super Line>> registrationListeners = List.of();

    /** The coordinator of each distributed line by name; answers null for a local line. */
    private final Function<? super String, ? extends LineCoordinator> coordinators;

    /**
     * Creates an empty registry whose lines are all local.
     */
    public Lines() {
        this((name) -> null);
    }

    /**
     * Creates an empty registry whose lines are distributed where {@code coordinators} says so: when a
     * line is created, the function is called with its name and returns the line's
     * {@link LineCoordinator}, or {@code null} for a local line.
     *
     * @param coordinators gives the coordinator of each distributed line, called once per line
     * @throws NullPointerException if {@code coordinators} is {@code null}
     */
    public Lines(Function<? super String, ? extends LineCoordinator> coordinators) {
        this.coordinators = Objects.requireNonNull(coordinators, "coordinators");
    }

    /**
     * Returns the line with this name, creating it if there is none yet.
     *
     * <p>Thread: never blocks when the line exists. When this call creates the line, it calls the
     * registration listeners on the calling thread before returning.
     *
     * @param name the line's name, kebab-case or a class name (see the class documentation)
     * @return the one line of that name in this registry
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is neither kebab-case nor a class name
     */
    public Line line(String name) {
        Line existing = this.lines.get(Objects.requireNonNull(name, "name"));
        if (existing != null) {
            return existing;
        }
        checkName(name);
        Line created;
        List<Consumer<? super Line>> toNotify;
        synchronized (this.registrationLock) {
            existing = this.lines.get(name);
            if (existing != null) {
                return existing;
            }
            created = new Line(name, this.coordinators.apply(name));
            this.lines.put(name, created);
            toNotify = this.registrationListeners;
        }
        logger.debug("{}: line registered", name);
        for (Consumer<? super Line> listener : toNotify) {
            notify(listener, created);
        }
        return created;
    }

    /**
     * Returns the line with this name, which must exist; never creates one. Use it where a missing
     * line is a mistake (a lookup by a name from configuration), and {@link #line(String)} where the
     * first use may create it.
     *
     * @param name the line's name
     * @return the line
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws NoSuchElementException if there is no such line; the message lists the known
     *         names
     */
    public Line get(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException(
                "No line is named '" + name + "'; known lines: " + names()));
    }

    /**
     * Returns the line with this name, if it exists; never creates one.
     *
     * @param name the line's name
     * @return the line, or an empty optional
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public Optional<Line> find(String name) {
        return Optional.ofNullable(this.lines.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * Returns the names of the lines registered so far, sorted.
     *
     * @return an unmodifiable snapshot
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(this.lines.keySet()));
    }

    /**
     * Iterates over a snapshot of the registered lines, in name order.
     *
     * @return an iterator that does not support removal and does not see lines created after this call
     */
    @Override
    public Iterator<Line> iterator() {
        return snapshot().iterator();
    }

    /**
     * Calls {@code listener} for every line in this registry, now for the lines that exist and later
     * for each line as it is created; each line exactly once.
     *
     * <p>Thread: the existing lines are passed on the calling thread before this method returns; later
     * ones on the thread whose {@link #line(String)} call created them. A listener may be called for a
     * new line before it has been called for all existing ones.
     *
     * <p>Failure: an exception thrown by the listener is caught and logged with the line's name; the
     * line is registered all the same.
     *
     * @param listener told of every line, for example to bind its metrics
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public void addRegistrationListener(Consumer<? super Line> listener) {
        Objects.requireNonNull(listener, "listener");
        List<Line> existing;
        synchronized (this.registrationLock) {
            existing = snapshot();
            List<Consumer<? super Line>> updated = new ArrayList<>(this.registrationListeners);
            updated.add(listener);
            this.registrationListeners = List.copyOf(updated);
        }
        for (Line line : existing) {
            notify(listener, line);
        }
    }

    /**
     * Tells whether {@code name} is kebab-case, {@code [a-z0-9]+(-[a-z0-9]+)*}, the form configured
     * names must have.
     *
     * @param name the name to check
     * @return whether it is kebab-case; {@code false} for {@code null}
     */
    public static boolean isKebabCase(String name) {
        return name != null && KEBAB_CASE.matcher(name).matches();
    }

    /**
     * Returns a description with the registered names.
     *
     * @return a short description, for logs
     */
    @Override
    public String toString() {
        return "Lines" + names();
    }

    private List<Line> snapshot() {
        return this.lines.values()
            .stream()
            .sorted((a, b) -> a.name().compareTo(b.name()))
            .toList();
    }

    private static void checkName(String name) {
        if (!isKebabCase(name) && !CLASS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid line name '" + name
                    + "': use kebab-case ([a-z0-9]+(-[a-z0-9]+)*) or a fully qualified class name");
        }
    }

    private static void notify(Consumer<? super Line> listener, Line line) {
        try {
            listener.accept(line);
        }
        catch (RuntimeException ex) {
            logger.warn("{}: registration listener {} failed", line.name(), listener.getClass().getName(), ex);
        }
    }
}
