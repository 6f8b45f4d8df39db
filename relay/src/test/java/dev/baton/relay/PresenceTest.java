package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.frame.Frames.Ping;
import dev.baton.protocol.frame.Frames.Subscribe;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Devices hear the moment a host comes, goes, or falls silent; session lists agree. */
class PresenceTest {
    private static final Predicate<JsonNode> ONLINE =
            frame -> Stream.type("presence").test(frame) && frame.path("online").asBoolean();
    private static final Predicate<JsonNode> OFFLINE = frame ->
            Stream.type("presence").test(frame) && !frame.path("online").asBoolean();

    private RelayFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withLiveness(Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void onlineOnHelloOfflineWhenTheHostCloses() {
        Stream device = subscribedDevice();
        Stream host = fixture.host();
        assertThat(summary().path("online").asBoolean())
                .as("connected is not online before hello")
                .isFalse();
        assertThat(summary().has("presenceSince"))
                .as("no presence change seen yet")
                .isFalse();

        host.send(TestSeal.hello("epoch-a", 0, null));
        JsonNode online = device.await(ONLINE);
        assertThat(online.path("since").asText()).isNotEmpty();
        assertThat(summary().path("online").asBoolean()).isTrue();
        assertThat(summary().path("environment").path("online").asBoolean()).isTrue();
        assertThat(summary().path("presenceSince").asText())
                .isEqualTo(online.path("since").asText());

        host.close();
        JsonNode offline = device.await(OFFLINE);
        assertThat(summary().path("online").asBoolean()).isFalse();
        assertThat(summary().path("presenceSince").asText())
                .as("the list says offline since when, like the presence frame")
                .isEqualTo(offline.path("since").asText());
    }

    @Test
    void silentHostIsMarkedOfflineAndClosed() {
        Stream device = subscribedDevice();
        Stream host = fixture.host();
        host.stopAnsweringPings();
        host.send(TestSeal.hello("epoch-a", 0, null));
        device.await(ONLINE);
        host.next("welcome");
        host.await(Stream.type("ping"));

        device.await(OFFLINE);
        assertThat(host.awaitClosed()).isEqualTo(1001);
    }

    @Test
    void hostThatAnswersPingsStaysOnline() {
        Stream device = subscribedDevice();
        Stream host = fixture.hostWithHello("epoch-a", 0);
        device.await(ONLINE);
        for (int i = 0; i < 15; i++) { // fifteen pings, each answered, span well over the 2 s timeout
            host.await(Stream.type("ping"));
        }
        assertThat(host.isClosed()).isFalse();
        assertThat(summary().path("online").asBoolean()).isTrue();
    }

    @Test
    void deviceThatAnswersPingsIsNotToldOff() {
        Stream device = subscribedDevice();
        device.await(Stream.type("ping")); // answered with a pong before this returns
        device.send(new Ping());

        // Frames arrive in order: an error about the device's pong would come before this pong.
        device.next("pong");
    }

    private Stream subscribedDevice() {
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        assertThat(device.next("sync").path("online").asBoolean()).isFalse();
        return device;
    }

    private JsonNode summary() {
        Http.Reply reply = fixture.http.get("/v1/sessions", fixture.device.deviceToken());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().path("sessions").get(0);
    }
}
