package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.server.config.BatonHome;
import dev.baton.server.relayclient.OutageCause;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        ServerSocket stranger = strangerAnswering404();
        int port = stranger.getLocalPort();
        CompletableFuture<EmbeddedRelay> tookOver = new CompletableFuture<>();
        try (RelayPortWatch watch = RelayPortWatch.start(home, port, tookOver::complete)) {
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
                assertThat(PortProbe.probe(port).finding()).isEqualTo(PortProbe.Finding.BATON_RELAY);
                assertThat(watch.find()).as("the cause once the relay is ours").isEmpty();
            }
        } finally {
            stranger.close();
        }
    }

    private static OutageCause.Found awaitCause(RelayPortWatch watch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Optional<OutageCause.Found> cause = watch.find();
        while (cause.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling a condition with a deadline, not synchronising on time
            cause = watch.find();
        }
        return cause.orElseThrow(() -> new AssertionError("no outage cause within 20 s of a stranger on the port"));
    }

    /** A listener that answers every connection with a 404, as some other local web server would. */
    private static ServerSocket strangerAnswering404() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    client.getInputStream().read(new byte[4096]);
                    OutputStream out = client.getOutputStream();
                    out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception closed) {
                    return;
                }
            }
        });
        return server;
    }
}
