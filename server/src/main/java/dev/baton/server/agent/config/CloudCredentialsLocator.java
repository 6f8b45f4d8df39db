package dev.baton.server.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where Bedrock's AWS credentials or Vertex's Google credentials would come from, looking only
 * at the environment and at well-known files (found through the same variables, {@code HOME}
 * included, that the session was given), in the order the cloud SDKs look themselves. Nothing
 * here calls a network service (an instance-metadata lookup can take seconds to time out), so a
 * machine whose only credentials come from instance metadata needs them named: an AWS profile with
 * {@code credential_process = aws configure export-credentials --format process}, or {@code
 * GOOGLE_APPLICATION_CREDENTIALS}. Web identity tokens (EKS) are not looked for: exchanging them
 * needs the AWS STS client, which Baton does not ship (see {@code AwsCredentialSources}).
 */
final class CloudCredentialsLocator {
    static final String AWS_HOW_TO = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for"
            + " temporary keys), or AWS_PROFILE to a profile in ~/.aws/config or ~/.aws/credentials, or"
            + " AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key";
    static final String GOOGLE_HOW_TO = "run `gcloud auth application-default login`, or set"
            + " GOOGLE_APPLICATION_CREDENTIALS to a service-account key file";

    private final Map<String, String> env;

    CloudCredentialsLocator(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param profile the profile named in a configuration file, if any ({@code AWS_PROFILE} wins)
     * @throws ConfigException when the environment holds half a key pair
     */
    Optional<Setting<CloudCredentials>> aws(Setting<String> profile) throws ConfigException {
        String keyId = variable("AWS_ACCESS_KEY_ID");
        String secret = variable("AWS_SECRET_ACCESS_KEY");
        if ((keyId == null) != (secret == null)) {
            throw new ConfigException(
                    (keyId == null
                                    ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                                    : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
                            + "; set both, or neither to use an AWS profile.",
                    null);
        }
        if (keyId != null) {
            return found(
                    new CloudCredentials.AwsKeys(keyId, secret, variable("AWS_SESSION_TOKEN")),
                    Source.environment("AWS_ACCESS_KEY_ID"));
        }
        Path configFile = file("AWS_CONFIG_FILE", ".aws/config");
        Path credentialsFile = file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
        if (profile.isSet()) {
            return Optional.of(new Setting<>(
                    new CloudCredentials.AwsProfile(profile.value(), configFile, credentialsFile), profile.source()));
        }
        for (String container :
                new String[] {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"}) {
            if (variable(container) != null) {
                return found(
                        new CloudCredentials.AwsDefaultChain("container credentials"), Source.environment(container));
            }
        }
        for (Path file : new Path[] {credentialsFile, configFile}) {
            if (Files.isRegularFile(file)) {
                return found(
                        new CloudCredentials.AwsProfile("default", configFile, credentialsFile),
                        new Source(Source.Kind.USER_FILE, file.toString()));
            }
        }
        return Optional.empty();
    }

    /** @throws ConfigException when GOOGLE_APPLICATION_CREDENTIALS names a file that is not there */
    Optional<Setting<CloudCredentials>> google() throws ConfigException {
        String named = variable("GOOGLE_APPLICATION_CREDENTIALS");
        if (named != null) {
            Path file = Path.of(named);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(
                        "GOOGLE_APPLICATION_CREDENTIALS names " + file + ", which is not a file; " + GOOGLE_HOW_TO
                                + ".",
                        null);
            }
            return found(new CloudCredentials.GoogleFile(file), Source.environment("GOOGLE_APPLICATION_CREDENTIALS"));
        }
        String gcloudConfig = variable("CLOUDSDK_CONFIG");
        Path file = (gcloudConfig != null ? Path.of(gcloudConfig) : home().resolve(".config/gcloud"))
                .resolve("application_default_credentials.json");
        if (Files.isRegularFile(file)) {
            return found(new CloudCredentials.GoogleFile(file), new Source(Source.Kind.USER_FILE, file.toString()));
        }
        return Optional.empty();
    }

    private static Optional<Setting<CloudCredentials>> found(CloudCredentials credentials, Source source) {
        return Optional.of(new Setting<>(credentials, source));
    }

    private Path file(String variable, String underHome) {
        String named = variable(variable);
        return named != null ? Path.of(named) : home().resolve(underHome);
    }

    private Path home() {
        String home = variable("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    private String variable(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
