package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.server.config.BatonHome;
import dev.baton.server.relayclient.OutageCause;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RelayPortWatchTest {
    @TempDir
    Path tmp;

    @Test
    void aStrangerOnThePortIsTheOutageCauseUntilItLeavesAndThenTheRelayIsTakenOver() throws Exception {
        BatonHome home = BatonHome.fromEnvironment(Map.of("BATON_HOME", tmp.toString()));
        ServerSocket stranger = NotARelay.answering404();
        int port = stranger.getLocalPort();
        CompletableFuture<EmbeddedRelay> tookOver = new CompletableFuture<>();
        try (RelayPortWatch watch = RelayPortWatch.start(home, EmbeddedListen.loopback(port), tookOver::complete)) {
            OutageCause.Found cause = awaitCause(watch);
            assertThat(cause.reason()).isEqualTo(ConnectionReason.PORT_TAKEN);
            assertThat(cause.detail())
                    .contains("port " + port)
                    .contains("not a Baton relay")
                    .contains("HTTP 404")
                    .contains("--port")
                    .contains("--relay");
            assertThat(tookOver)
                    .as("nothing taken over while the stranger holds the port")
                    .isNotDone();

            stranger.close();
            try (EmbeddedRelay relay = tookOver.get(20, TimeUnit.SECONDS)) {
                assertThat(relay.url().getPort()).isEqualTo(port);
                assertThat(PortProbe.probe(EmbeddedListen.loopback(port)).finding())
                        .isEqualTo(PortProbe.Finding.BATON_RELAY);
                assertThat(watch.find()).as("the cause once the relay is ours").isEmpty();
            }
        } finally {
            stranger.close();
        }
    }

    private static OutageCause.Found awaitCause(RelayPortWatch watch) {
        return await("an outage cause with a stranger on the port")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(watch::find, Optional::isPresent)
                .orElseThrow();
    }
}
