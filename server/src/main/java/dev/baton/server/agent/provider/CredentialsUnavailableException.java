package dev.baton.server.agent.provider;

/**
 * Cloud credentials could not be loaded or refreshed. Thrown from inside the SDK's request
 * preparation by {@link AwsCredentialSources} and {@link LazyGoogleCredentials}, in place of the
 * cloud SDKs' own exceptions (one of which is a checked exception the Kotlin SDK lets through
 * undeclared), so {@link AnthropicApi} can report it as {@link
 * dev.baton.server.agent.model.ModelFailure.CredentialsUnavailable}.
 */
final class CredentialsUnavailableException extends RuntimeException {
    CredentialsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
