package dev.baton.server.agent.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a model call failed. {@link #describe} says it in words fit for the person using the session;
 * {@link #retryable()} says whether trying again may help.
 */
public sealed interface ModelFailure {
    boolean retryable();

    /** One or two sentences for the user; {@code provider} is a display name such as "Anthropic". */
    String describe(String provider);

    /** HTTP 429 or a {@code rate_limit_error}. */
    record RateLimited(Optional<Duration> retryAfter) implements ModelFailure {
        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String describe(String provider) {
            return provider + " rate limit reached (HTTP 429)."
                    + retryAfter
                            .map(d -> " It asked to wait " + seconds(d) + ".")
                            .orElse("");
        }
    }

    /** HTTP 529 or an {@code overloaded_error}, also when it arrives in the middle of a stream. */
    record Overloaded(Optional<Duration> retryAfter) implements ModelFailure {
        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String describe(String provider) {
            return provider + " is overloaded right now (HTTP 529).";
        }
    }

    /** HTTP 5xx (or 408/409, which the APIs ask clients to retry). */
    record ServerError(int status, String detail) implements ModelFailure {
        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String describe(String provider) {
            return provider + " had a server error (HTTP " + status + ")" + suffix(detail);
        }
    }

    /** HTTP 401 or 403: a missing, wrong or unauthorised API key. */
    record Authentication(int status, String detail) implements ModelFailure {
        @Override
        public boolean retryable() {
            return false;
        }

        @Override
        public String describe(String provider) {
            return provider + " refused the API key (HTTP " + status + ")" + suffix(detail)
                    + " Check the key: `baton config` shows where it comes from.";
        }
    }

    /**
     * The cloud credentials (AWS for Bedrock, Google for Vertex) could not be loaded or refreshed
     * before sending: an expired SSO session, a missing profile, an unreadable key file.
     */
    record CredentialsUnavailable(String detail) implements ModelFailure {
        @Override
        public boolean retryable() {
            return false;
        }

        @Override
        public String describe(String provider) {
            return "Cannot get the credentials for " + provider + suffix(detail)
                    + " `baton config` shows where they come from.";
        }
    }

    /** Any other 4xx: an unknown model, a request too large, an invalid parameter. */
    record BadRequest(int status, String detail) implements ModelFailure {
        @Override
        public boolean retryable() {
            return false;
        }

        @Override
        public String describe(String provider) {
            return provider + " rejected the request (HTTP " + status + ")" + suffix(detail);
        }
    }

    /** The connection failed or was cut, before or during the stream. */
    record ConnectionLost(String detail) implements ModelFailure {
        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String describe(String provider) {
            return "Lost the connection to " + provider + suffix(detail);
        }
    }

    /**
     * The model called a tool with arguments that are not a JSON object. The agent loop may answer it
     * with an error {@link ContentBlock.ToolResult} for {@code toolUseId} instead of giving up.
     */
    record MalformedToolInput(String toolUseId, String toolName, String rawInput, String detail)
            implements ModelFailure {
        @Override
        public boolean retryable() {
            return false;
        }

        @Override
        public String describe(String provider) {
            return provider + " called the tool " + toolName + " with input that is not a JSON object" + suffix(detail);
        }
    }

    /** The call was cancelled through its {@link Cancellation}. */
    record Cancelled() implements ModelFailure {
        @Override
        public boolean retryable() {
            return false;
        }

        @Override
        public String describe(String provider) {
            return "Interrupted.";
        }
    }

    private static String suffix(String detail) {
        return detail == null || detail.isBlank()
                ? "."
                : ": " + detail.strip() + (detail.strip().endsWith(".") ? "" : ".");
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : (millis + 999) / 1000 + " s";
    }
}
