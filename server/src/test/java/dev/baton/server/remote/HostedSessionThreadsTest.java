package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionStore;
import dev.baton.server.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend in server mode hosts many sessions at once, so what each hosted session keeps running (its
 * stream's liveness ticks, its token renewal and sleep watch) runs on virtual threads, never on a
 * platform thread of its own.
 */
class HostedSessionThreadsTest {
    private static final HostStreamSettings SETTINGS =
            new HostStreamSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 64 * 1024, Duration.ofMinutes(10));

    @TempDir
    Path dir;

    @Test
    void aHostedSessionTicksOnNoPlatformThreadOfItsOwn() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0));
                Session session = new SessionStore(dir.resolve("sessions")).create("threads", work);
                RemoteControl remote = RemoteControl.register(
                        relay.url(), account(relay.createAccountToken("alice")), session, "test machine", SETTINGS)) {
            remote.connect();
            Await.until("online", () -> remote.state() == ConnectionState.ONLINE);

            // Thread.getAllStackTraces() lists platform threads only.
            List<String> platform = Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName)
                    .toList();
            assertThat(platform)
                    .as("platform threads while a session is hosted")
                    .doesNotContain("host-stream-ticker", "token-renewal");
        }
    }

    private static AccountCredential account(String token) {
        return new AccountCredential() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public String replaceRefused(RelayException refusal) throws RelayException {
                throw refusal;
            }
        };
    }
}
