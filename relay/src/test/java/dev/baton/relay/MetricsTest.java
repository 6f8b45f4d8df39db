package dev.baton.relay;

import static dev.baton.relay.RelayFixture.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Subscribe;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /metrics} on its own listener, in the Prometheus text format, naming nobody. */
@Timeout(60)
class MetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private RelayFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withMetrics("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void streamsEventsAndTheHopAreCountedWithoutNamingSessionsOrUsers() {
        String before = scrape();
        assertThat(value(before, "baton_relay_host_sockets")).isZero();
        assertThat(value(before, "baton_relay_events_delivered_total")).isZero();

        Stream host = fixture.hostWithHello("epoch-a", 0);
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.next("sync");
        host.send(new EventsFrame(messages(1, 3)));
        host.next("ack");
        assertThat(device.next("events").path("events")).hasSize(3);

        await().atMost(WAIT).untilAsserted(() -> {
            String during = scrape();
            assertThat(value(during, "baton_relay_host_sockets")).isEqualTo(1);
            assertThat(value(during, "baton_relay_device_sockets")).isEqualTo(1);
            assertThat(value(during, "baton_relay_sessions_hosted")).isEqualTo(1);
            assertThat(value(during, "baton_relay_events_delivered_total")).isEqualTo(3);
            assertThat(value(during, "baton_relay_hop_seconds_count")).isEqualTo(1);
            assertThat(value(during, "baton_relay_hop_seconds_bucket{le=\"5.0\"}"))
                    .isEqualTo(1);
        });
        String during = scrape();
        assertThat(value(during, "baton_relay_http_requests_total{status=\"2xx\"}"))
                .isGreaterThanOrEqualTo(4); // environment, session, pairing, redemption, tickets
        assertThat(value(during, "baton_relay_http_requests_total{status=\"1xx\"}"))
                .as("the two stream upgrades")
                .isEqualTo(2);
        assertThat(during).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
        assertThat(during)
                .doesNotContain(fixture.session.sessionId())
                .doesNotContain(fixture.device.deviceId())
                .doesNotContain("ada");

        host.close();
        device.close();
        await().atMost(WAIT).untilAsserted(() -> {
            String after = scrape();
            assertThat(value(after, "baton_relay_host_sockets")).isZero();
            assertThat(value(after, "baton_relay_device_sockets")).isZero();
            assertThat(value(after, "baton_relay_sessions_hosted")).isZero();
        });
    }

    @Test
    void errorsAreCountedByStatusClass() {
        double before = value(scrape(), "baton_relay_http_requests_total{status=\"4xx\"}");
        assertThat(fixture.http.get("/v1/devices", "not-a-token").status()).isEqualTo(401);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(value(scrape(), "baton_relay_http_requests_total{status=\"4xx\"}"))
                        .isEqualTo(before + 1));
    }

    @Test
    void onlyTheMetricsListenerServesMetricsAndItServesNothingElse() throws Exception {
        assertThat(fixture.http.get("/metrics", null).status()).isEqualTo(404);
        try (Response other = get(fixture.relay.metricsPort(), "/v1/health")) {
            assertThat(other.code()).isEqualTo(404);
            assertThat(other.body().string()).contains("\"code\":\"not_found\"");
        }
        try (Response metrics = get(fixture.relay.metricsPort(), "/metrics")) {
            assertThat(metrics.code()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        }
    }

    @Test
    void withoutAMetricsPortThereIsNoListener() throws Exception {
        try (Relay plain = Relay.start(RelayConfig.defaults().withPort(0))) {
            assertThat(plain.metricsPort()).isEqualTo(-1);
        }
    }

    private String scrape() {
        try (Response response = get(fixture.relay.metricsPort(), "/metrics")) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().string();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Response get(int port, String path) throws java.io.IOException {
        return fixture.client
                .newCall(new Request.Builder()
                        .url("http://127.0.0.1:" + port + path)
                        .build())
                .execute();
    }

    /** The value of one series (name and labels exactly as exposed); fails when it is not there. */
    private static double value(String scrape, String series) {
        Matcher line =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(line.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
