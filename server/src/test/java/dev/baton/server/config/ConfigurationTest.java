package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void batonHomeComesFromTheEnvironmentElseTheUsersHome() {
        assertThat(BatonHome.fromEnvironment(Map.of("BATON_HOME", dir.toString()))
                        .root())
                .isEqualTo(dir);
        assertThat(BatonHome.fromEnvironment(Map.of()).root())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".baton"));
        BatonHome home = new BatonHome(dir);
        assertThat(home.sessions()).isEqualTo(dir.resolve("sessions"));
        assertThat(home.relayData()).isEqualTo(dir.resolve("relay"));
        assertThat(home.configFile()).isEqualTo(dir.resolve("config.json"));
        assertThat(home.credentialsFile()).isEqualTo(dir.resolve("credentials.json"));
    }

    @Test
    void theOfflineTimeoutComesFromConfigElseTheFallbackAndABadOneIsAConfigurationError() throws Exception {
        Path file = dir.resolve("config.json");
        assertThat(BatonConfig.load(file).offlineTimeoutOr(Duration.ofMinutes(10)))
                .isEqualTo(Duration.ofMinutes(10));

        Files.writeString(file, "{\"offlineTimeout\":\"45s\"}");
        assertThat(BatonConfig.load(file).offlineTimeoutOr(Duration.ofMinutes(10)))
                .isEqualTo(Duration.ofSeconds(45));

        Files.writeString(file, "{\"offlineTimeout\":\"soon\"}");
        assertThatThrownBy(() -> BatonConfig.load(file).offlineTimeoutOr(Duration.ofMinutes(10)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("config.json offlineTimeout: expected a duration such as 30s, 10m or 1h, got 'soon'");
    }

    @Test
    void configIsEmptyWhenMissingAndAnErrorWhenBroken() throws Exception {
        Path file = dir.resolve("config.json");
        assertThat(BatonConfig.load(file)).isEqualTo(BatonConfig.EMPTY);

        Files.writeString(file, "{\"relayUrl\":\"https://relay.example\",\"later\":1}");
        assertThat(BatonConfig.load(file).relayUrl()).isEqualTo("https://relay.example");

        Files.writeString(file, "{\"relayUrl\":");
        assertThatThrownBy(() -> BatonConfig.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void credentialsAreWrittenForTheOwnerOnlyAndReadBack() throws Exception {
        CredentialsFile file = new CredentialsFile(dir.resolve("nested/credentials.json"));
        assertThat(file.read()).isEmpty();

        file.write(new Credentials("http://127.0.0.1:7420", "bta_secret"));

        assertThat(file.read()).contains(new Credentials("http://127.0.0.1:7420", "bta_secret"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                .isEqualTo("rw-------");
        try (var leftovers = Files.list(file.path().getParent())) {
            assertThat(leftovers).containsExactly(file.path());
        }
    }

    @Test
    void credentialsWithoutATokenAreAConfigurationError() throws Exception {
        Path path = dir.resolve("credentials.json");
        Files.writeString(path, "{\"relayUrl\":\"http://x\"}");
        assertThatThrownBy(() -> new CredentialsFile(path).read())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no accountToken");
    }

    @Test
    void aTokenBelongsOnlyToItsRelay() {
        Credentials credentials = new Credentials("https://Relay.example/", "bta_x");
        assertThat(credentials.belongsTo("https://relay.example")).isTrue();
        assertThat(credentials.belongsTo("https://evil.example")).isFalse();
        assertThat(new Credentials(null, "bta_x").belongsTo("https://any.example"))
                .isTrue();
    }
}
