package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Ping;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A device may not make the relay hold memory or answer for free: queues, controls and streams are bounded. */
class StreamAbuseTest {
    private static final long QUEUE_BOUND = 1 << 20;

    private RelayFixture fixture;

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aSubscriberThatNeverReadsIsClosedWhileItsQueueStaysBounded() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults()
                .withMaxQueuedBytes(QUEUE_BOUND)
                .withControlsPerSecond(100_000)
                .withSocketsPerToken(4));
        Stream host = fixture.hostWithHello("epoch-1", 0);
        // A tail of ~400 KB, so every sync is large.
        List<SealedEvent> events = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            events.add(RelayFixture.message(seq, "x".repeat(2000)));
        }
        host.send(new EventsFrame(events));
        host.next("ack");

        String ticket = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        String path = "/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + ticket;
        try (RawWebSocket device = RawWebSocket.connect(fixture.relay.port(), path, Map.of(), 4096)) {
            assertThat(device.status()).as(device.head()).isEqualTo(101);
            String subscribe = Json.write(new Subscribe(null));
            AtomicLong peak = new AtomicLong();
            for (int i = 0; i < 2000 && fixture.relay.openStreams() == 2; i++) {
                device.sendText(subscribe);
                peak.accumulateAndGet(fixture.relay.queuedBytes(), Math::max);
            }
            // Sampling the queue while waiting for the relay to drop the device.
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(5))
                    .untilAsserted(() -> {
                        peak.accumulateAndGet(fixture.relay.queuedBytes(), Math::max);
                        assertThat(fixture.relay.openStreams())
                                .as("only the host stream is left")
                                .isEqualTo(1);
                    });
            // The relay never held more than the bound (plus the host's small frames) for the device.
            assertThat(peak.get()).isLessThanOrEqualTo(QUEUE_BOUND + 64 * 1024);
            assertThat(device.drainsToEnd())
                    .as("the relay ended the connection")
                    .isTrue();
        }
        // The host is untouched and a reading device still gets its sync.
        Stream reader = fixture.device();
        reader.send(new Subscribe(null));
        assertThat(reader.next("sync").path("events")).hasSize(200);
    }

    @Test
    void subscribeAndPingAreRateLimitedPerDevice() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withControlsPerSecond(3));
        Stream device = fixture.device();
        for (int i = 0; i < 10; i++) {
            device.send(new Ping());
        }
        for (int i = 0; i < 10; i++) {
            device.send(new Subscribe(null));
        }
        // Pings over the limit go unanswered; subscribes over it are refused, and pings never used
        // up the subscribes' allowance.
        int pongs = 0;
        int syncs = 0;
        JsonNode frame = device.await(f -> !f.path("type").asText().equals("ping"));
        while (!frame.path("type").asText().equals("error")) {
            pongs += frame.path("type").asText().equals("pong") ? 1 : 0;
            syncs += frame.path("type").asText().equals("sync") ? 1 : 0;
            frame = device.await(f -> !f.path("type").asText().equals("ping"));
        }
        assertThat(frame.path("code").asText()).isEqualTo("rate_limited");
        assertThat(frame.path("message").asText()).contains("3 subscribe frames per second");
        assertThat(pongs).as("pings answered").isBetween(3, 9);
        assertThat(syncs).as("subscribes answered").isBetween(3, 9);
    }

    @Test
    void streamsAreCappedPerAccountNotPerToken() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withSocketsPerToken(8).withStreamsPerAccount(3));
        fixture.host();
        fixture.device();
        DeviceRegistration minted = fixture.pair("minted");
        fixture.device(minted.deviceToken());

        String ticket = fixture.ticket(minted.deviceToken(), fixture.session.sessionId());
        String path = "/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + ticket;
        try (RawWebSocket refused = RawWebSocket.connect(fixture.relay.port(), path, Map.of(), 64 * 1024)) {
            assertThat(refused.status()).as(refused.head()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("too_many_connections");
        }
    }
}
