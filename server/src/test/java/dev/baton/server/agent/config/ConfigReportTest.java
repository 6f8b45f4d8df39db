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
                new Setting<>(8192, Source.DEFAULT));

        assertThat(ConfigReport.render(new ModelSetup.Ready(settings)))
                .isEqualTo(
                        """
                        Model: ready
                          provider   anthropic  (default)
                          model      claude-sonnet-4-5  (/home/me/.baton/config.json)
                          apiKey     sk-…WXYZ  (environment variable ANTHROPIC_API_KEY)
                          baseUrl    (the provider's own)  (default)
                          maxTokens  8192  (default)
                        """);
    }

    @Test
    void saysWhyNoModelIsConfigured() {
        ModelSettings settings = new ModelSettings(
                new Setting<>(ProviderKind.ANTHROPIC, Source.DEFAULT),
                new Setting<>("claude-sonnet-4-5", Source.DEFAULT),
                Setting.unset(),
                Setting.unset(),
                new Setting<>(8192, Source.DEFAULT));

        String report = ConfigReport.render(new ModelSetup.NotConfigured(settings, "Set ANTHROPIC_API_KEY."));

        assertThat(report).startsWith("Model: not configured. Set ANTHROPIC_API_KEY.\n");
        assertThat(report).contains("  apiKey     (not set)\n");
    }

    @Test
    void masksShortKeysEntirely() {
        assertThat(ConfigReport.mask("sk-short")).isEqualTo("****");
        assertThat(ConfigReport.mask("sk-0123456789abcdef")).isEqualTo("sk-…cdef");
    }
}
