package dev.baton.server.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bedrock and Vertex: what the loader finds, and what it says when something is missing. */
class CloudModelConfigTest {
    static final String BEDROCK_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    @TempDir
    Path batonHome;

    @TempDir
    Path project;

    /** The user's home directory: where ~/.aws and ~/.config/gcloud are looked for. Empty unless a test writes there. */
    @TempDir
    Path userHome;

    ModelSetup load(String... variables) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", userHome.toString());
        for (int i = 0; i < variables.length; i += 2) {
            env.put(variables[i], variables[i + 1]);
        }
        return ModelConfigLoader.load(batonHome, ProjectSettings.trusted(project), env);
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static String reason(ModelSetup setup) {
        assertThat(setup).isInstanceOf(ModelSetup.NotConfigured.class);
        return ((ModelSetup.NotConfigured) setup).reason();
    }

    @Test
    void bedrockWithKeysFromTheEnvironmentIsReady() throws Exception {
        ModelSetup setup = load(
                "BATON_PROVIDER", "bedrock",
                "BATON_MODEL", BEDROCK_MODEL,
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret-secret-secret",
                "AWS_SESSION_TOKEN", "session");

        assertThat(setup).isInstanceOf(ModelSetup.Ready.class);
        ModelSettings settings = setup.settings();
        assertThat(settings.provider().value()).isEqualTo(ProviderKind.BEDROCK);
        assertThat(settings.region()).isEqualTo(new Setting<>("eu-west-1", Source.environment("AWS_REGION")));
        assertThat(settings.credentials())
                .isEqualTo(new Setting<CloudCredentials>(
                        new CloudCredentials.AwsKeys("AKIAIOSFODNN7EXAMPLE", "secret-secret-secret", "session"),
                        Source.environment("AWS_ACCESS_KEY_ID")));
        assertThat(settings.apiKey().isSet()).isFalse();
    }

    @Test
    void bedrockWithNothingSetSaysExactlyWhatToSet() throws Exception {
        String reason = reason(load("BATON_PROVIDER", "bedrock"));

        assertThat(reason)
                .startsWith("The bedrock provider needs a model: set BATON_MODEL")
                .contains("a region: set AWS_REGION")
                .contains("AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                .contains("AWS_PROFILE")
                .contains("AWS_BEARER_TOKEN_BEDROCK");
    }

    @Test
    void aBedrockApiKeyIsUsedBeforeAnyAwsCredentials() throws Exception {
        ModelSetup setup = load(
                "BATON_PROVIDER", "bedrock",
                "BATON_MODEL", BEDROCK_MODEL,
                "AWS_DEFAULT_REGION", "us-west-2",
                "AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-0123456789",
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret");

        assertThat(setup).isInstanceOf(ModelSetup.Ready.class);
        assertThat(setup.settings().apiKey())
                .isEqualTo(new Setting<>("bedrock-api-key-0123456789", Source.environment("AWS_BEARER_TOKEN_BEDROCK")));
        assertThat(setup.settings().credentials().isSet()).isFalse();
        assertThat(setup.settings().region().value()).isEqualTo("us-west-2");
    }

    @Test
    void bedrockTakesItsRegionAndProfileFromTheUsersConfig() throws Exception {
        Path userFile = batonHome.resolve("config.json");
        write(
                userFile,
                """
                {"provider": "bedrock", "model": "%s", "bedrock": {"region": "us-east-1", "profile": "work"}}
                """
                        .formatted(BEDROCK_MODEL));

        ModelSetup setup = load();

        assertThat(setup).isInstanceOf(ModelSetup.Ready.class);
        Source user = new Source(Source.Kind.USER_FILE, userFile.toString());
        assertThat(setup.settings().region()).isEqualTo(new Setting<>("us-east-1", user));
        assertThat(load("AWS_DEFAULT_REGION", "eu-central-1").settings().region())
                .isEqualTo(new Setting<>("eu-central-1", Source.environment("AWS_DEFAULT_REGION")));
        assertThat(setup.settings().credentials())
                .isEqualTo(new Setting<CloudCredentials>(
                        new CloudCredentials.AwsProfile(
                                "work", userHome.resolve(".aws/config"), userHome.resolve(".aws/credentials")),
                        user));
        Path elsewhere = userHome.resolve("elsewhere/config");
        assertThat(load("AWS_PROFILE", "other", "AWS_CONFIG_FILE", elsewhere.toString())
                        .settings()
                        .credentials()
                        .value())
                .isEqualTo(new CloudCredentials.AwsProfile("other", elsewhere, userHome.resolve(".aws/credentials")));
    }

    @Test
    void theAwsFilesAloneMeanTheDefaultProfile() throws Exception {
        Path credentials = userHome.resolve(".aws/credentials");
        write(credentials, "[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n");

        ModelSetup setup = load("BATON_PROVIDER", "bedrock", "BATON_MODEL", BEDROCK_MODEL, "AWS_REGION", "us-east-1");

        assertThat(setup).isInstanceOf(ModelSetup.Ready.class);
        assertThat(setup.settings().credentials())
                .isEqualTo(new Setting<CloudCredentials>(
                        new CloudCredentials.AwsProfile("default", userHome.resolve(".aws/config"), credentials),
                        new Source(Source.Kind.USER_FILE, credentials.toString())));
    }

    @Test
    void halfAKeyPairAndABadRegionAreNamed() {
        assertThatThrownBy(() -> load("BATON_PROVIDER", "bedrock", "AWS_ACCESS_KEY_ID", "AKIA"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or neither to use"
                        + " an AWS profile.");
        assertThatThrownBy(() -> load("BATON_PROVIDER", "bedrock", "AWS_REGION", "evil.example#"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The region \"evil.example#\" in environment variable AWS_REGION is not a region name"
                        + " (such as us-east-1 or europe-west1).");
    }

    @Test
    void vertexWithAServiceAccountFileIsReadyWithTheDefaultModel() throws Exception {
        Path key = Files.writeString(userHome.resolve("sa.json"), "{}");

        ModelSetup setup = load(
                "BATON_PROVIDER", "vertex",
                "ANTHROPIC_VERTEX_PROJECT_ID", "my-project",
                "CLOUD_ML_REGION", "global",
                "GOOGLE_APPLICATION_CREDENTIALS", key.toString());

        assertThat(setup).isInstanceOf(ModelSetup.Ready.class);
        ModelSettings settings = setup.settings();
        assertThat(settings.model()).isEqualTo(new Setting<>(ModelConfigLoader.DEFAULT_VERTEX_MODEL, Source.DEFAULT));
        assertThat(settings.project())
                .isEqualTo(new Setting<>("my-project", Source.environment("ANTHROPIC_VERTEX_PROJECT_ID")));
        assertThat(settings.region().value()).isEqualTo("global");
        assertThat(settings.credentials())
                .isEqualTo(new Setting<CloudCredentials>(
                        new CloudCredentials.GoogleFile(key), Source.environment("GOOGLE_APPLICATION_CREDENTIALS")));
    }

    @Test
    void vertexFindsTheGcloudApplicationDefaultCredentials() throws Exception {
        Path adc = userHome.resolve(".config/gcloud/application_default_credentials.json");
        write(adc, "{}");

        ModelSetup setup =
                load("BATON_PROVIDER", "vertex", "ANTHROPIC_VERTEX_PROJECT_ID", "p", "CLOUD_ML_REGION", "us-east5");

        assertThat(setup.settings().credentials())
                .isEqualTo(new Setting<CloudCredentials>(
                        new CloudCredentials.GoogleFile(adc), new Source(Source.Kind.USER_FILE, adc.toString())));
    }

    @Test
    void vertexWithNothingSetSaysExactlyWhatToSet() throws Exception {
        String reason = reason(load("BATON_PROVIDER", "vertex"));

        assertThat(reason)
                .startsWith("The vertex provider needs a region: set CLOUD_ML_REGION")
                .contains("a Google Cloud project: set ANTHROPIC_VERTEX_PROJECT_ID")
                .contains("Google credentials: run `gcloud auth application-default login`, or set"
                        + " GOOGLE_APPLICATION_CREDENTIALS");
        assertThatThrownBy(() -> load("BATON_PROVIDER", "vertex", "GOOGLE_APPLICATION_CREDENTIALS", "/nowhere.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GOOGLE_APPLICATION_CREDENTIALS names /nowhere.json, which is not a file");
    }

    @Test
    void aProjectChosenUrlNeverGetsTheUsersCloudCredentials() throws Exception {
        write(
                project.resolve(".baton/settings.json"),
                """
                {"provider": "bedrock", "bedrock": {"baseUrl": "https://collector.example"}}
                """);

        ModelSetup setup = load(
                "BATON_MODEL", BEDROCK_MODEL,
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret");

        assertThat(reason(setup))
                .contains("https://collector.example")
                .contains("does not send your bedrock credentials there")
                .contains("ANTHROPIC_BEDROCK_BASE_URL");
        assertThat(setup.settings().credentials().value()).isNull();
        assertThat(ConfigReport.render(setup)).contains("  credentials (withheld)");
    }
}
