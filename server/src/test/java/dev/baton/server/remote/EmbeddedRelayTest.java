package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRelayTest {
    @TempDir
    Path dir;

    @Test
    void theLocalAccountIsProvisionedOnceAndReusedAcrossRuns() throws Exception {
        BatonHome home = new BatonHome(dir);
        String first;
        try (EmbeddedRelay relay = EmbeddedRelay.start(home, EmbeddedListen.loopback(0))) {
            first = relay.token();
            assertThat(first).startsWith("bta_");
        }
        try (EmbeddedRelay relay = EmbeddedRelay.start(home, EmbeddedListen.loopback(0))) {
            assertThat(relay.token()).isEqualTo(first);
            assertThat(new CredentialsFile(home.localCredentialsFile())
                            .read()
                            .orElseThrow()
                            .accountToken())
                    .isEqualTo(first);
        }
        assertThat(home.credentialsFile())
                .as("a real relay's login is left alone")
                .doesNotExist();
    }

    @Test
    void aSavedTokenTheRelayRefusesIsMintedAgain() throws Exception {
        BatonHome home = new BatonHome(dir);
        new CredentialsFile(home.localCredentialsFile()).write(new Credentials("http://127.0.0.1:1", "bta_forgotten"));
        Path work = Files.createDirectories(dir.resolve("work"));

        try (EmbeddedRelay relay = EmbeddedRelay.start(home, EmbeddedListen.loopback(0));
                Session session = new SessionStore(home.sessions()).create(null, work);
                RemoteControl remote = RemoteControl.register(
                        relay.url(), relay, session, null, HostStreamSettings.defaults(), Keyring.open(home))) {
            assertThat(remote.pairingUrl())
                    .startsWith(relay.url() + "/s/" + session.id() + "#pair=")
                    .endsWith("&key=" + Keyring.open(home).contentKey().base64url());
            String saved = new CredentialsFile(home.localCredentialsFile())
                    .read()
                    .orElseThrow()
                    .accountToken();
            assertThat(saved).isNotEqualTo("bta_forgotten").isEqualTo(relay.token());
        }
    }

    @Test
    void aPortInUseIsOneClearError() throws Exception {
        BatonHome home = new BatonHome(dir.resolve("first"));
        try (EmbeddedRelay relay = EmbeddedRelay.start(home, EmbeddedListen.loopback(0))) {
            int port = relay.url().getPort();
            assertThatThrownBy(() ->
                            EmbeddedRelay.start(new BatonHome(dir.resolve("second")), EmbeddedListen.loopback(port)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot start the embedded relay on 127.0.0.1:" + port + ": ")
                    .hasMessageContaining("--port 0 picks a free one");
        }
    }
}
