package dev.baton.server.agent.provider;

import dev.baton.server.agent.config.CloudCredentials;
import java.nio.file.Files;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/** The AWS SDK's credential providers for where {@link CloudCredentials} says Bedrock's credentials are. */
final class AwsCredentialSources {
    /**
     * SSO and role-assuming profiles need the AWS SDK's sso, ssooidc and sts clients and an HTTP client
     * for them, about 3 MB more in the jar; a profile reaches the same credentials through the AWS CLI.
     */
    static final String NO_SSO_OR_ROLES = " Baton cannot sign in to AWS SSO or assume roles itself: give a profile"
            + " `credential_process = aws configure export-credentials --profile <the SSO or role profile> --format"
            + " process`, or set the keys that `aws configure export-credentials --format env` prints.";

    private AwsCredentialSources() {}

    static AwsCredentialsProvider of(CloudCredentials credentials) {
        return switch (credentials) {
            case CloudCredentials.AwsKeys keys -> StaticCredentialsProvider.create(
                    keys.sessionToken() == null
                            ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                            : AwsSessionCredentials.create(
                                    keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()));
            case CloudCredentials.AwsProfile profile -> reporting(
                    ProfileCredentialsProvider.builder()
                            .profileFile(() -> profileFiles(profile))
                            .profileName(profile.name())
                            .build(),
                    credentials);
            case CloudCredentials.AwsDefaultChain chain -> reporting(
                    DefaultCredentialsProvider.builder().build(), credentials);
            case CloudCredentials.GoogleFile file -> throw new IllegalArgumentException(
                    "Bedrock needs AWS credentials, not " + file.describe());
        };
    }

    /**
     * The profile's files as they are now, the ones the configuration found (through the session's
     * {@code HOME}, {@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE}).
     */
    private static ProfileFile profileFiles(CloudCredentials.AwsProfile profile) {
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        if (Files.isRegularFile(profile.credentialsFile())) {
            files.addFile(ProfileFile.builder()
                    .content(profile.credentialsFile())
                    .type(ProfileFile.Type.CREDENTIALS)
                    .build());
        }
        if (Files.isRegularFile(profile.configFile())) {
            files.addFile(ProfileFile.builder()
                    .content(profile.configFile())
                    .type(ProfileFile.Type.CONFIGURATION)
                    .build());
        }
        return files.build();
    }

    /**
     * Resolving may read files or run a {@code credential_process} on each request: its failures
     * become a {@link CredentialsUnavailableException} naming the source.
     */
    private static AwsCredentialsProvider reporting(AwsCredentialsProvider sdk, CloudCredentials source) {
        return new AwsCredentialsProvider() {
            @Override
            public AwsCredentials resolveCredentials() {
                try {
                    return sdk.resolveCredentials();
                } catch (RuntimeException e) {
                    // SdkException mostly; a profile that needs a missing SDK module is an IllegalStateException.
                    throw new CredentialsUnavailableException(
                            "AWS credentials from " + source.describe() + " could not be loaded: " + e.getMessage()
                                    + (needsAnAwsClientBatonLacks(e) ? NO_SSO_OR_ROLES : ""),
                            e);
                }
            }
        };
    }

    /** How the SDK says a profile needs one of its service clients (sso, sts), which Baton does not ship. */
    private static boolean needsAnAwsClientBatonLacks(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("on the class path")) {
                return true;
            }
        }
        return false;
    }
}
