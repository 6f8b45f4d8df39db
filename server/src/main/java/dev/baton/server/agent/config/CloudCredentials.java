package dev.baton.server.agent.config;

import java.nio.file.Path;

/**
 * Where the credentials for a cloud provider (Bedrock, Vertex) come from, as far as Baton can tell
 * without calling anyone. The SDKs load and refresh the actual credentials when a request is made.
 * {@link #toString()} never shows a secret.
 */
public sealed interface CloudCredentials {
    /** For {@code baton config}: what the credentials are, secrets masked. */
    String describe();

    /** {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, and {@code AWS_SESSION_TOKEN} for temporary ones. */
    record AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) implements CloudCredentials {
        @Override
        public String describe() {
            return "AWS access key " + ConfigReport.mask(accessKeyId)
                    + (sessionToken == null ? "" : " with a session token");
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * A profile of the AWS config files, which may hold keys or a {@code credential_process}.
     *
     * @param configFile {@code AWS_CONFIG_FILE} or {@code ~/.aws/config}, whether it exists or not
     * @param credentialsFile {@code AWS_SHARED_CREDENTIALS_FILE} or {@code ~/.aws/credentials}
     */
    record AwsProfile(String name, Path configFile, Path credentialsFile) implements CloudCredentials {
        @Override
        public String describe() {
            return "AWS profile " + name;
        }
    }

    /** What the AWS SDK's default chain finds by itself: container (ECS) credentials. */
    record AwsDefaultChain(String hint) implements CloudCredentials {
        @Override
        public String describe() {
            return "the AWS SDK's default chain (" + hint + ")";
        }
    }

    /**
     * Google Application Default Credentials from a JSON file: a service-account key, or the file
     * {@code gcloud auth application-default login} writes.
     */
    record GoogleFile(Path file) implements CloudCredentials {
        @Override
        public String describe() {
            return "Google credentials file " + file;
        }
    }
}
