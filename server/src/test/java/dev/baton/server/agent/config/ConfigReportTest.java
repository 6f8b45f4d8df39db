package dev.baton.server.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigReportTest {
    static final Source USER = new Source(Source.Kind.USER_FILE, "/home/me/.baton/config.json");

    @Test
    void showsEachValueWithItsSourceAndMasksTheKey() {
        ModelSettings settings = new ModelSettings(
                new Setting<>(ProviderKind.ANTHROPIC, Source.DEFAULT),
                new Setting<>("claude-sonnet-4-5", USER),
                new Setting<>("sk-ant-api03-secretsecretsecret-WXYZ", Source.environment("ANTHROPIC_API_KEY")),
                Setting.unset(),
                new Setting<>(8192, Source.DEFAULT),
                Setting.unset(),
                Setting.unset(),
                Setting.unset());

        assertThat(ConfigReport.render(new ModelSetup.Ready(settings)))
                .isEqualTo(
                        """
                        Model: ready
                          provider    anthropic  (default)
                          model       claude-sonnet-4-5  (/home/me/.baton/config.json)
                          apiKey      sk-…WXYZ  (environment variable ANTHROPIC_API_KEY)
                          baseUrl     (the provider's own)  (default)
                          maxTokens   8192  (default)
                        """);
    }

    @Test
    void saysWhyNoModelIsConfigured() {
        ModelSettings settings = new ModelSettings(
                new Setting<>(ProviderKind.ANTHROPIC, Source.DEFAULT),
                new Setting<>("claude-sonnet-4-5", Source.DEFAULT),
                Setting.unset(),
                Setting.unset(),
                new Setting<>(8192, Source.DEFAULT),
                Setting.unset(),
                Setting.unset(),
                Setting.unset());

        String report = ConfigReport.render(new ModelSetup.NotConfigured(settings, "Set ANTHROPIC_API_KEY."));

        assertThat(report).startsWith("Model: not ready. Set ANTHROPIC_API_KEY.\n");
        assertThat(report).contains("  apiKey      (not set)\n");
    }

    @Test
    void showsWhereBedrockCredentialsComeFromWithoutTheSecret() {
        ModelSettings settings = new ModelSettings(
                new Setting<>(ProviderKind.BEDROCK, Source.environment("BATON_PROVIDER")),
                new Setting<>("us.anthropic.claude-sonnet-4-5-20250929-v1:0", Source.environment("BATON_MODEL")),
                Setting.unset(),
                Setting.unset(),
                new Setting<>(8192, Source.DEFAULT),
                new Setting<>("eu-west-1", Source.environment("AWS_REGION")),
                Setting.unset(),
                new Setting<>(
                        new CloudCredentials.AwsKeys(
                                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "t"),
                        Source.environment("AWS_ACCESS_KEY_ID")));

        String report = ConfigReport.render(new ModelSetup.Ready(settings));

        assertThat(report)
                .isEqualTo(
                        """
                        Model: ready
                          provider    bedrock  (environment variable BATON_PROVIDER)
                          model       us.anthropic.claude-sonnet-4-5-20250929-v1:0  (environment variable BATON_MODEL)
                          region      eu-west-1  (environment variable AWS_REGION)
                          credentials AWS access key AKI…MPLE with a session token  (environment variable AWS_ACCESS_KEY_ID)
                          apiKey      (not set)
                          baseUrl     (the provider's own)  (default)
                          maxTokens   8192  (default)
                        """);
        assertThat(report).doesNotContain("wJalr").doesNotContain("EXAMPLEKEY");
        assertThat(settings.toString()).doesNotContain("EXAMPLEKEY");
    }

    @Test
    void showsTheVertexProjectAndCredentialsFile() {
        ModelSettings settings = new ModelSettings(
                new Setting<>(ProviderKind.VERTEX, USER),
                new Setting<>("claude-sonnet-4-5@20250929", Source.DEFAULT),
                Setting.unset(),
                new Setting<>("http://127.0.0.1:9/", Source.environment("ANTHROPIC_VERTEX_BASE_URL")),
                new Setting<>(8192, Source.DEFAULT),
                new Setting<>("us-east5", Source.environment("CLOUD_ML_REGION")),
                new Setting<>("my-project", USER),
                new Setting<>(
                        new CloudCredentials.GoogleFile(java.nio.file.Path.of("/home/me/sa.json")),
                        Source.environment("GOOGLE_APPLICATION_CREDENTIALS")));

        assertThat(ConfigReport.render(new ModelSetup.Ready(settings)))
                .isEqualTo(
                        """
                        Model: ready
                          provider    vertex  (/home/me/.baton/config.json)
                          model       claude-sonnet-4-5@20250929  (default)
                          region      us-east5  (environment variable CLOUD_ML_REGION)
                          project     my-project  (/home/me/.baton/config.json)
                          credentials Google credentials file /home/me/sa.json  (environment variable GOOGLE_APPLICATION_CREDENTIALS)
                          baseUrl     http://127.0.0.1:9/  (environment variable ANTHROPIC_VERTEX_BASE_URL)
                          maxTokens   8192  (default)
                        """);
    }

    @Test
    void masksShortKeysEntirely() {
        assertThat(ConfigReport.mask("sk-short")).isEqualTo("****");
        assertThat(ConfigReport.mask("sk-0123456789abcdef")).isEqualTo("sk-…cdef");
    }
}
