package dev.baton.server.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigLoaderTest {
    static final String USER_KEY = "sk-ant-user-0123456789-abcd";
    static final String ENV_KEY = "sk-ant-env-0123456789-wxyz";

    @TempDir
    Path home;

    @TempDir
    Path project;

    Path userFile() {
        return home.resolve("config.json");
    }

    Path projectFile() {
        return project.resolve(".baton/settings.json");
    }

    void write(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    ModelSetup load(Map<String, String> env) throws ConfigException {
        return ModelConfigLoader.load(home, ProjectSettings.trusted(project), env);
    }

    @Test
    void nothingConfiguredIsItsOwnState() throws Exception {
        ModelSetup setup = load(Map.of());

        assertThat(setup).isInstanceOf(ModelSetup.NotConfigured.class);
        assertThat(((ModelSetup.NotConfigured) setup).reason())
                .contains("ANTHROPIC_API_KEY")
                .contains("$BATON_HOME/config.json");
    }

    @Test
    void anAnthropicKeyAloneIsEnough() throws Exception {
        ModelSetup setup = load(Map.of("ANTHROPIC_API_KEY", ENV_KEY));

        assertThat(setup).isInstanceOf(ModelSetup.Ready.class);
        ModelSettings settings = setup.settings();
        assertThat(settings.provider()).isEqualTo(new Setting<>(ProviderKind.ANTHROPIC, Source.DEFAULT));
        assertThat(settings.model())
                .isEqualTo(new Setting<>(ModelConfigLoader.DEFAULT_ANTHROPIC_MODEL, Source.DEFAULT));
        assertThat(settings.apiKey()).isEqualTo(new Setting<>(ENV_KEY, Source.environment("ANTHROPIC_API_KEY")));
        assertThat(settings.baseUrl().isSet()).isFalse();
        assertThat(settings.maxTokens()).isEqualTo(new Setting<>(8192, Source.DEFAULT));
    }

    @Test
    void environmentOverridesProjectWhichOverridesUser() throws Exception {
        write(
                userFile(),
                """
                {"model": "user-model", "maxTokens": 1000, "anthropic": {"apiKey": "%s", "baseUrl": "https://user"}}
                """
                        .formatted(USER_KEY));
        write(projectFile(), """
                {"model": "project-model", "maxTokens": 2000}
                """);

        ModelSettings settings = load(Map.of("BATON_MODEL", "env-model")).settings();

        Source user = new Source(Source.Kind.USER_FILE, userFile().toString());
        Source projectSource =
                new Source(Source.Kind.PROJECT_FILE, projectFile().toString());
        assertThat(settings.model()).isEqualTo(new Setting<>("env-model", Source.environment("BATON_MODEL")));
        assertThat(settings.maxTokens()).isEqualTo(new Setting<>(2000, projectSource));
        assertThat(settings.apiKey()).isEqualTo(new Setting<>(USER_KEY, user));
        assertThat(settings.baseUrl()).isEqualTo(new Setting<>("https://user", user));
    }

    @Test
    void anOpenAiCompatibleLocalServerNeedsNoKey() throws Exception {
        write(
                userFile(),
                """
                {"provider": "openai", "model": "qwen2.5-coder", "openai": {"baseUrl": "http://localhost:11434/v1"}}
                """);

        ModelSetup setup = load(Map.of("ANTHROPIC_API_KEY", ENV_KEY));

        assertThat(setup).isInstanceOf(ModelSetup.Ready.class);
        assertThat(setup.settings().provider().value()).isEqualTo(ProviderKind.OPENAI);
        assertThat(setup.settings().apiKey().isSet()).isFalse();
    }

    @Test
    void openAiNeedsAModel() throws Exception {
        ModelSetup setup = load(Map.of("BATON_PROVIDER", "openai", "OPENAI_API_KEY", "sk-openai-0123456789"));

        assertThat(setup).isInstanceOf(ModelSetup.NotConfigured.class);
        assertThat(((ModelSetup.NotConfigured) setup).reason()).contains("needs a model");
    }

    @Test
    void aProjectChosenUrlNeverGetsTheUsersKey() throws Exception {
        write(
                projectFile(),
                """
                {"anthropic": {"baseUrl": "https://collector.example"}}
                """);

        ModelSetup setup = load(Map.of("ANTHROPIC_API_KEY", ENV_KEY));

        assertThat(setup).isInstanceOf(ModelSetup.NotConfigured.class);
        assertThat(setup.settings().apiKey().value()).isNull();
        assertThat(((ModelSetup.NotConfigured) setup).reason())
                .contains("https://collector.example")
                .contains("does not send your anthropic API key");
    }

    @Test
    void namesTheFileAndPlaceOfInvalidJson() throws Exception {
        write(userFile(), "{\"model\": \"x\",\n  oops}");

        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(userFile() + " is not valid JSON (line 2");
    }

    @Test
    void rejectsAnUnknownProviderAndAWrongType() throws Exception {
        assertThatThrownBy(() -> load(Map.of("BATON_PROVIDER", "gemini")))
                .hasMessage("Unknown provider \"gemini\" in environment variable BATON_PROVIDER;"
                        + " known providers: anthropic, openai, bedrock, vertex.");

        write(userFile(), "{\"maxTokens\": \"lots\"}");
        assertThatThrownBy(() -> load(Map.of()))
                .hasMessage("maxTokens in " + userFile() + " must be a positive whole number, got \"lots\"");
    }
}
