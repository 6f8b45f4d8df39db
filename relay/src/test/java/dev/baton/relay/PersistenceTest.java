package dev.baton.relay;

import static dev.baton.relay.RelayFixture.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Cursor;
import dev.baton.protocol.Json;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Subscribe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay restarted on the same data directory remembers everything but live connections. */
class PersistenceTest {
    @TempDir
    Path dataDir;

    @Test
    void restartKeepsSessionsTokensDevicesTailsAndKeptInputs() throws Exception {
        RelayConfig config = RelayConfig.defaults().withDataDir(dataDir);
        try (RelayFixture fixture = new RelayFixture(config)) {
            Stream host = fixture.hostWithHello("epoch-a", 0);
            host.send(new EventsFrame(messages(1, 3)));
            host.next("ack");
            host.close();
            Stream device = fixture.device();
            device.send(TestSeal.input("kept-1", new Input.Message("later")));
            device.next("inputQueued");
            device.close();

            fixture.relay.close();
            fixture.start(config.withPort(0).withClock(fixture.clock));

            Http.Reply sessions = fixture.http.get("/v1/sessions", fixture.device.deviceToken());
            assertThat(sessions.status()).as("device token survives").isEqualTo(200);
            JsonNode summary = sessions.json().path("sessions").get(0);
            assertThat(TestSeal.openTitle(summary.path("title").asText())).isEqualTo("First");
            assertThat(Json.MAPPER.convertValue(summary.path("key"), SessionKey.class))
                    .isEqualTo(TestSeal.KEY);
            Http.Reply devices = fixture.http.get("/v1/devices", fixture.device.deviceToken());
            assertThat(devices.json().path("devices").get(0).path("current").asBoolean())
                    .isTrue();

            Stream resumed = fixture.device();
            resumed.send(new Subscribe(new Cursor("epoch-a", 1)));
            JsonNode sync = resumed.next("sync");
            assertThat(sync.path("status").asText()).isEqualTo("ok");
            assertThat(StreamFlowTest.seqs(sync)).containsExactly(2L, 3L);

            Stream newHost = fixture.host(); // the session host token survived too
            newHost.send(TestSeal.hello("epoch-a", 3, null));
            assertThat(newHost.next("welcome").path("storedSeq").asLong()).isEqualTo(3);
            assertThat(newHost.next("input").path("inputId").asText()).isEqualTo("kept-1");
        }
    }

    @Test
    void accountTokensCanBeMintedOfflineButNotWhileARelayHoldsTheDirectory() throws Exception {
        String token = Relay.createAccountToken(dataDir, "grace");
        assertThat(token).startsWith("bta_");

        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(dataDir))) {
            Http http = new Http(new okhttp3.OkHttpClient(), relay.url());
            Http.Reply created = http.post(
                    "/v1/environments",
                    token,
                    java.util.Map.of("name", "box", "spawnMode", "single-session", "capacity", 1));
            assertThat(created.status()).as(created.text()).isEqualTo(200);

            assertThatThrownBy(() -> Relay.createAccountToken(dataDir, "grace"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by a running relay");
        }
    }
}
