package io.github.operationqueue.autoconfigure;

/**
 * Thrown when a {@link LineScoped @LineScoped} injection point is injected (at startup, for a
 * singleton) and it is used in a way that cannot work: on an injection point whose type is not a
 * {@code Line}, with a name that is not kebab-case, or with {@code @Lazy}. This is
 * a mistake in the application's code, not in its configuration;
 * {@link LineScopedMisuseFailureAnalyzer} turns it into a failure analysis that says so.
 */
public class LineScopedMisuseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The injection point at fault, such as {@code field com.example.MailClient.authLine}. */
    private final String injectionPoint;

    /** What is wrong. */
    private final String reason;

    /** How to fix it. */
    private final String action;

    /**
     * Creates an exception for a misused {@code @LineScoped}.
     *
     * @param injectionPoint the injection point at fault
     * @param reason what is wrong, as a sentence
     * @param action how to fix it, as a sentence
     */
    public LineScopedMisuseException(String injectionPoint, String reason, String action) {
        super(injectionPoint + ": " + reason + " " + action);
        this.injectionPoint = injectionPoint;
        this.reason = reason;
        this.action = action;
    }

    /**
     * Returns the injection point at fault.
     *
     * @return the injection point
     */
    public String getInjectionPoint() {
        return this.injectionPoint;
    }

    /**
     * Returns what is wrong.
     *
     * @return the reason
     */
    public String getReason() {
        return this.reason;
    }

    /**
     * Returns how to fix it.
     *
     * @return the action
     */
    public String getAction() {
        return this.action;
    }

}
