package dev.baton.server.agent.provider;

import dev.baton.server.agent.config.CloudCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/** The AWS SDK's credential providers for where {@link CloudCredentials} says Bedrock's credentials are. */
final class AwsCredentialSources {
    private AwsCredentialSources() {}

    static AwsCredentialsProvider of(CloudCredentials credentials) {
        return switch (credentials) {
            case CloudCredentials.AwsKeys keys -> StaticCredentialsProvider.create(
                    keys.sessionToken() == null
                            ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                            : AwsSessionCredentials.create(
                                    keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()));
            case CloudCredentials.AwsProfile profile -> reporting(
                    ProfileCredentialsProvider.create(profile.name()), credentials);
            case CloudCredentials.AwsDefaultChain chain -> reporting(
                    DefaultCredentialsProvider.builder().build(), credentials);
            case CloudCredentials.GoogleFile file -> throw new IllegalArgumentException(
                    "Bedrock needs AWS credentials, not " + file.describe());
        };
    }

    /**
     * Resolving may read files or call AWS (an SSO token, a role to assume) on each request: its
     * failures become a {@link CredentialsUnavailableException} naming the source.
     */
    private static AwsCredentialsProvider reporting(AwsCredentialsProvider sdk, CloudCredentials source) {
        return new AwsCredentialsProvider() {
            @Override
            public AwsCredentials resolveCredentials() {
                try {
                    return sdk.resolveCredentials();
                } catch (SdkException e) {
                    throw new CredentialsUnavailableException(
                            "AWS credentials from " + source.describe() + " could not be loaded: " + e.getMessage(), e);
                }
            }
        };
    }
}
