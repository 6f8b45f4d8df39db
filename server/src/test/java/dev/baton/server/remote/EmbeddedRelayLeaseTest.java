package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.remote.EmbeddedRelayLease.Step;
import dev.baton.server.remote.PortProbe.Finding;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedRelayLeaseTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedStartJoinsOnlyARelayThatHoldsThisStoreFailsOnAnyOtherListenerAndRetriesOnAnEmptyPort() {
        assertThat(EmbeddedRelayLease.afterFailedStart(false, Finding.BATON_RELAY))
                .isEqualTo(Step.JOIN);
        assertThat(EmbeddedRelayLease.afterFailedStart(true, Finding.BATON_RELAY))
                .isEqualTo(Step.FAIL_OTHER_RELAY);
        assertThat(EmbeddedRelayLease.afterFailedStart(true, Finding.SOMETHING_ELSE))
                .isEqualTo(Step.FAIL_NOT_BATON);
        assertThat(EmbeddedRelayLease.afterFailedStart(false, Finding.SOMETHING_ELSE))
                .isEqualTo(Step.FAIL_NOT_BATON);
        assertThat(EmbeddedRelayLease.afterFailedStart(true, Finding.NOTHING_LISTENING))
                .isEqualTo(Step.RETRY);
        assertThat(EmbeddedRelayLease.afterFailedStart(false, Finding.NOTHING_LISTENING))
                .isEqualTo(Step.RETRY);
    }

    @Test
    void aBindFailureAnywhereInTheCausesMeansThePortWasTaken() {
        assertThat(EmbeddedRelayLease.portTaken(
                        new IOException("cannot start", new IOException("Failed to bind", new BindException()))))
                .isTrue();
        assertThat(EmbeddedRelayLease.portTaken(
                        new IOException("cannot start", new IllegalStateException("data directory in use"))))
                .isFalse();
    }

    @Test
    void onlyBatonsHealthAnswerNamesAProtocolVersion() {
        assertThat(PortProbe.batonProtocol("{\"status\":\"ok\",\"protocol\":2}"))
                .hasValue(2);
        assertThat(PortProbe.batonProtocol("{\"status\":\"ok\",\"protocol\":1}"))
                .hasValue(1);
        assertThat(PortProbe.batonProtocol("{\"status\":\"ok\"}")).isEmpty();
        assertThat(PortProbe.batonProtocol("<html>hello</html>")).isEmpty();
        assertThat(PortProbe.batonProtocol("")).isEmpty();
    }

    @Test
    void theProbeTellsAnEmptyPortFromAStrangerAndFromARelay() throws Exception {
        int free;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort();
        }
        assertThat(PortProbe.probe(EmbeddedListen.loopback(free)).finding()).isEqualTo(Finding.NOTHING_LISTENING);
        try (ServerSocket oldBaton = NotARelay.answering("200 OK", "{\"status\":\"ok\",\"protocol\":1}")) {
            assertThat(PortProbe.probe(EmbeddedListen.loopback(oldBaton.getLocalPort())))
                    .isEqualTo(new PortProbe.Answer(
                            Finding.SOMETHING_ELSE,
                            "a Baton relay of protocol version 1 (this baton speaks 2; update or stop the Baton"
                                    + " that runs it)"));
        }
        try (ServerSocket stranger = NotARelay.answering404()) {
            assertThat(PortProbe.probe(EmbeddedListen.loopback(stranger.getLocalPort())))
                    .isEqualTo(new PortProbe.Answer(
                            Finding.SOMETHING_ELSE, "an HTTP server that answers GET /v1/health with HTTP 404"));
        }
        try (EmbeddedRelayLease lease = EmbeddedRelayLease.acquire(home("owner"), EmbeddedListen.loopback(free))) {
            assertThat(lease.owns()).isTrue();
            assertThat(PortProbe.probe(EmbeddedListen.loopback(free)).finding()).isEqualTo(Finding.BATON_RELAY);
        }
    }

    @Test
    void aSecondLeaseOnTheSameHomeAndPortJoinsWithTheSameAccountAndTakesOverWhenTheOwnerCloses() throws Exception {
        BatonHome home = home("shared");
        int port = freePort();
        EmbeddedRelayLease owner = EmbeddedRelayLease.acquire(home, EmbeddedListen.loopback(port));
        try (EmbeddedRelayLease joined = EmbeddedRelayLease.acquire(home, EmbeddedListen.loopback(port))) {
            assertThat(owner.owns()).isTrue();
            assertThat(joined.owns()).isFalse();
            assertThat(joined.url()).isEqualTo(owner.url());
            assertThat(joined.token()).isEqualTo(owner.token());

            owner.close();
            await("the joined lease to take the relay over")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(joined::owns);
            assertThat(PortProbe.probe(EmbeddedListen.loopback(port)).finding()).isEqualTo(Finding.BATON_RELAY);
        } finally {
            owner.close();
        }
    }

    @Test
    void aStrangerOnThePortIsAClearConfigurationError() throws Exception {
        try (ServerSocket stranger = NotARelay.answering404()) {
            int port = stranger.getLocalPort();
            assertThatThrownBy(() -> EmbeddedRelayLease.acquire(home("stranger"), EmbeddedListen.loopback(port)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("--port")
                    .hasMessageContaining("--relay");
        }
    }

    @Test
    void aBatonRelayOfAnotherHomeOnThePortIsAClearErrorNotAJoin() throws Exception {
        int port = freePort();
        try (EmbeddedRelayLease other = EmbeddedRelayLease.acquire(home("other"), EmbeddedListen.loopback(port))) {
            assertThat(other.owns()).isTrue();
            assertThatThrownBy(() -> EmbeddedRelayLease.acquire(home("mine"), EmbeddedListen.loopback(port)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("another BATON_HOME")
                    .hasMessageContaining("--relay");
        }
    }

    private BatonHome home(String name) {
        return BatonHome.fromEnvironment(Map.of("BATON_HOME", tmp.resolve(name).toString()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
