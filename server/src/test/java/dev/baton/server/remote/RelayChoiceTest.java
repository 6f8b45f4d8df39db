package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayChoiceTest {
    private static final BatonConfig CONFIGURED = new BatonConfig("https://config.example");
    private static final Map<String, String> ENV = Map.of("BATON_RELAY_URL", "https://env.example/");

    @TempDir
    Path dir;

    @Test
    void flagThenEnvironmentThenConfigThenEmbedded() {
        assertThat(RelayChoice.resolve("https://flag.example", ENV, CONFIGURED, EmbeddedListen.loopback(7420)))
                .isEqualTo(new RelayChoice.External(URI.create("https://flag.example"), "--relay"));
        assertThat(RelayChoice.resolve(null, ENV, CONFIGURED, EmbeddedListen.loopback(7420)))
                .isEqualTo(new RelayChoice.External(URI.create("https://env.example"), "BATON_RELAY_URL"));
        assertThat(RelayChoice.resolve(null, Map.of(), CONFIGURED, EmbeddedListen.loopback(7420)))
                .isEqualTo(new RelayChoice.External(URI.create("https://config.example"), "config.json"));
        assertThat(RelayChoice.resolve(null, Map.of(), BatonConfig.EMPTY, EmbeddedListen.loopback(0)))
                .isEqualTo(new RelayChoice.Embedded(EmbeddedListen.loopback(0)));
    }

    @Test
    void aRelayMustBeAnHttpUrl() {
        assertThatThrownBy(() -> RelayChoice.resolve(
                        "ftp://relay.example", Map.of(), BatonConfig.EMPTY, EmbeddedListen.loopback(0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--relay: expected an http(s) URL, got ftp://relay.example");
    }

    @Test
    void aPlainHttpRelayOffThisMachineNeedsInsecure() {
        assertThatThrownBy(() -> RelayChoice.resolve(
                        null,
                        Map.of("BATON_RELAY_URL", "http://relay.example:7420"),
                        BatonConfig.EMPTY,
                        EmbeddedListen.loopback(0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("BATON_RELAY_URL: http://relay.example:7420 is plain HTTP to another machine")
                .hasMessageContaining("--insecure");
        // A name that merely starts like a loopback address is another machine.
        assertThatThrownBy(() -> RelayChoice.resolve(
                        "http://127.example.com:7420", Map.of(), BatonConfig.EMPTY, EmbeddedListen.loopback(0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--relay: http://127.example.com:7420 is plain HTTP to another machine");
        assertThat(RelayChoice.resolve(
                        "http://127.1.2.3:7420", Map.of(), BatonConfig.EMPTY, EmbeddedListen.loopback(0)))
                .isInstanceOf(RelayChoice.External.class);
        assertThat(RelayChoice.resolve(
                        "http://relay.example:7420",
                        Map.of(),
                        BatonConfig.EMPTY,
                        Optional.empty(),
                        EmbeddedListen.loopback(0),
                        true))
                .isEqualTo(new RelayChoice.External(URI.create("http://relay.example:7420"), "--relay"));
        assertThat(RelayChoice.resolve(
                        "http://127.0.0.1:7420", Map.of(), BatonConfig.EMPTY, EmbeddedListen.loopback(0)))
                .isEqualTo(new RelayChoice.External(URI.create("http://127.0.0.1:7420"), "--relay"));
        assertThat(RelayChoice.resolve(
                        "http://localhost:7420", Map.of(), BatonConfig.EMPTY, EmbeddedListen.loopback(0)))
                .isInstanceOf(RelayChoice.External.class);
    }

    @Test
    void aSavedLoginNamesTheRelayWhenNothingElseDoes() {
        BatonHome home = new BatonHome(dir);
        assertThat(RelayChoice.loggedInRelay(home)).isEmpty();
        new CredentialsFile(home.credentialsFile()).write(new Credentials("https://team.example", "bta_saved"));

        Optional<String> loggedIn = RelayChoice.loggedInRelay(home);
        assertThat(loggedIn).contains("https://team.example");
        assertThat(RelayChoice.resolve(null, Map.of(), BatonConfig.EMPTY, loggedIn, EmbeddedListen.loopback(0), false))
                .isEqualTo(
                        new RelayChoice.External(URI.create("https://team.example"), "the saved login (baton login)"));
        assertThat(RelayChoice.resolve(null, ENV, BatonConfig.EMPTY, loggedIn, EmbeddedListen.loopback(0), false))
                .as("BATON_RELAY_URL still comes first")
                .isEqualTo(new RelayChoice.External(URI.create("https://env.example"), "BATON_RELAY_URL"));
    }

    @Test
    void theAccountTokenComesFromTheEnvironmentElseTheCredentialsOfThatRelay() {
        BatonHome home = new BatonHome(dir);
        URI relay = URI.create("https://relay.example");
        new CredentialsFile(home.credentialsFile()).write(new Credentials("https://relay.example", "bta_saved"));

        assertThat(ExternalAccount.resolve(relay, Map.of("BATON_TOKEN", "bta_env"), home)
                        .token())
                .isEqualTo("bta_env");
        assertThat(ExternalAccount.resolve(relay, Map.of(), home).token()).isEqualTo("bta_saved");
        assertThatThrownBy(() -> ExternalAccount.resolve(URI.create("https://other.example"), Map.of(), home))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no account token for relay https://other.example")
                .hasMessageContaining("holds a token for https://relay.example, not this relay");
    }

    @Test
    void noTokenAtAllSaysWhereToPutOne() {
        BatonHome home = new BatonHome(dir);
        assertThatThrownBy(() -> ExternalAccount.resolve(URI.create("https://relay.example"), Map.of(), home))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Set BATON_TOKEN")
                .hasMessageContaining(home.credentialsFile().toString());
    }
}
