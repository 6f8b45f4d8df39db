package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /healthz} and {@code /readyz}: what a supervisor and a balancer poll. */
@Timeout(60)
class ProbesTest {
    private static final Duration DRAIN = Duration.ofSeconds(3);
    private RelayFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withDrainTime(DRAIN));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aServingRelayIsHealthyAndReady() {
        Http.Reply health = fixture.http.get("/healthz", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
        Http.Reply ready = fixture.http.get("/readyz", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void aClosingRelayTurnsUnreadyFirstAndStillServesWhileItDrains() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(fixture.relay::close);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            Http.Reply ready = fixture.http.get("/readyz", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("error").path("code").asText()).isEqualTo("not_ready");
            assertThat(ready.json().path("error").path("message").asText()).isEqualTo("the relay is shutting down");
        });
        // Draining is not stopping: the process is healthy, requests are answered, streams stay open.
        assertThat(fixture.http.get("/healthz", null).status()).isEqualTo(200);
        assertThat(fixture.http.get("/v1/health", null).status()).isEqualTo(200);
        assertThat(closing).isNotDone();
        assertThat(host.isClosed()).isFalse();

        await().atMost(DRAIN.plusSeconds(10)).until(closing::isDone);
        assertThat(host.awaitClosed()).isEqualTo(1001);
        fixture.relay = null;
    }
}
