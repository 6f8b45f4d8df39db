package dev.baton.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxSettingsTest {
    @TempDir
    Path dir;

    private SandboxSettings load(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return SandboxSettings.load(file);
    }

    @Test
    void allowedDomainsAreRead() throws Exception {
        SandboxSettings settings = load(
                """
                {"sandbox": {"enabled": true, "network": {"allowedDomains": ["pypi.org", "*.GitHub.com"]}}}""");
        assertThat(settings.allowedDomains().entries()).containsExactly("pypi.org", "*.github.com");
        Sandbox sandbox = settings.sandbox(true, dir, dir);
        assertThat(sandbox.allowedDomains()).isEqualTo(settings.allowedDomains());
        assertThat(sandbox.proxied()).isTrue();
        assertThat(settings.sandbox(false, dir, dir).proxied()).isFalse();
    }

    @Test
    void withoutAllowedDomainsThereIsNoNetwork() throws Exception {
        assertThat(load("{\"sandbox\": {\"enabled\": true}}").allowedDomains()).isEqualTo(DomainAllowList.NONE);
        assertThat(load("{\"sandbox\": {\"network\": {}}}").allowedDomains().isEmpty())
                .isTrue();
        assertThat(load("{\"sandbox\": {\"network\": {\"allowedDomains\": []}}}")
                        .sandbox(true, dir, dir)
                        .proxied())
                .isFalse();
        assertThat(SandboxSettings.NONE.allowedDomains().isEmpty()).isTrue();
    }

    @Test
    void aWrongEntryIsNamedWithItsKey() {
        assertThatThrownBy(() ->
                        load("{\"sandbox\": {\"network\": {\"allowedDomains\": [\"ok.example\", \"10.1.2.3\"]}}}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sandbox.network.allowedDomains")
                .hasMessageContaining("\"10.1.2.3\" is an IP address");
        assertThatThrownBy(() -> load("{\"sandbox\": {\"network\": {\"allowedDomains\": \"example.com\"}}}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sandbox.network.allowedDomains must be an array of host names");
        assertThatThrownBy(() -> load("{\"sandbox\": {\"network\": {\"allowedDomains\": [443]}}}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sandbox.network.allowedDomains must hold host names as strings, not 443");
        assertThatThrownBy(() -> load("{\"sandbox\": {\"network\": {\"allowedDomains\": [\"http://x.example/\"]}}}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "config.json: sandbox.network.allowedDomains: \"http://x.example/\" is not a host name");
    }

    @Test
    void theOldConstructorMeansNoNetwork() {
        assertThat(new SandboxSettings(true, List.of(), List.of()).allowedDomains())
                .isEqualTo(DomainAllowList.NONE);
    }
}
