package dev.baton.server.agent.model;

import java.util.Objects;

/**
 * A model call that did not complete. {@link #getMessage()} is fit for the user: it names the
 * provider, what went wrong and, after retries, how many attempts were made.
 */
public final class ModelException extends Exception {
    private final ModelFailure failure;
    private final String provider;
    private final int attempts;

    public ModelException(String provider, ModelFailure failure, Throwable cause) {
        this(provider, failure, 1, cause);
    }

    private ModelException(String provider, ModelFailure failure, int attempts, Throwable cause) {
        super(message(provider, failure, attempts), cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.provider = provider;
        this.attempts = attempts;
    }

    /** The same failure, reported after {@code attempts} attempts. */
    public ModelException afterAttempts(int attempts) {
        return new ModelException(provider, failure, attempts, getCause());
    }

    public ModelFailure failure() {
        return failure;
    }

    public String provider() {
        return provider;
    }

    /** How many attempts were made before giving up; 1 when the failure was not retried. */
    public int attempts() {
        return attempts;
    }

    private static String message(String provider, ModelFailure failure, int attempts) {
        String text = failure.describe(provider);
        return attempts > 1 ? text + " Gave up after " + attempts + " attempts." : text;
    }
}
