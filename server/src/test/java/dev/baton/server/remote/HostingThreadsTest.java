package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.e2ee.RevocationCheck;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.EnvironmentLease;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.session.SessionStore;
import dev.baton.server.testing.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server mode hosts up to 32 sessions in one process: what each costs in platform threads is what the
 * machine pays 32 times. Sessions are hosted under one environment against a real relay in this JVM, and
 * the JVM's platform threads are counted before and after more sessions come online.
 */
class HostingThreadsTest {
    private static final int MORE_SESSIONS = 8;
    /**
     * Pools shared by the whole process that grow with how much runs at once and shrink when idle (OkHttp's
     * task runner, the in-process relay's Jetty pool, the virtual threads' carriers, the JDK's HTTP client,
     * Lettuce's schedulers): how many threads they hold at a given moment depends on timing, never on a
     * thread per session, so counting them would make this test measure the machine's load.
     */
    private static final List<String> SHARED_POOLS = List.of(
            "OkHttp TaskRunner", "relay-", "ForkJoinPool", "HttpClient-", "boundedElastic", "parallel-", "Scheduler-");

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T use(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void moreHostedSessionsTakeNoMorePlatformThreads() throws Exception {
        Relay relay = use(Relay.start(RelayConfig.defaults().withPort(0)));
        RelayClient client = use(new RelayClient(relay.url()));
        ScheduledExecutorService timers = use(RemoteControl.streamTimers());
        Keyring keys = Keyring.open(new BatonHome(dir.resolve("home")));
        EnvironmentLease environment = EnvironmentLease.register(
                client,
                account(relay.createAccountToken("alice")),
                RemoteControl.environmentOf("threads", dir, SpawnMode.SAME_DIR, 32, keys.contentKey()),
                Clock.systemUTC());
        SessionStore store = new SessionStore(dir.resolve("sessions"));

        hostOnline(environment, store, keys, timers, 1);
        // Settled: the one-off threads of the first connection (pools, the relay's own) have come and gone.
        long before = settledBackendThreads();

        hostOnline(environment, store, keys, timers, MORE_SESSIONS);
        long after = settledBackendThreads();

        assertThat(after - before)
                .as(
                        "platform threads outside shared pools added by %d more hosted sessions, now: %s",
                        MORE_SESSIONS, platformThreads())
                .isLessThanOrEqualTo(1);
    }

    private void hostOnline(
            EnvironmentLease environment, SessionStore store, Keyring keys, ScheduledExecutorService timers, int n)
            throws Exception {
        List<RemoteControl> hosted = new ArrayList<>();
        RevocationCheck revocations = RemoteControl.revocationCheck(environment, keys);
        for (int i = 0; i < n; i++) {
            Path work = dir.resolve("work");
            work.toFile().mkdirs();
            var session = use(store.create("threads test", work));
            RemoteControl remote = use(
                    RemoteControl.host(environment, session, HostStreamSettings.defaults(), keys, revocations, timers));
            remote.connect();
            hosted.add(remote);
        }
        Await.until(n + " sessions online", () -> hosted.stream()
                .allMatch(remote -> remote.state() == ConnectionState.ONLINE));
    }

    /** The count once it has held still for a moment, so threads that are about to end are not counted. */
    private static long settledBackendThreads() {
        long[] last = {-1};
        await("the platform thread count to settle")
                .atMost(Await.TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    long now = platformThreads().stream()
                            .filter(name -> SHARED_POOLS.stream().noneMatch(name::startsWith))
                            .count();
                    boolean same = now == last[0];
                    last[0] = now;
                    return same;
                });
        return last[0];
    }

    /** The live platform threads of the JVM (virtual ones are not listed), the in-process relay's included. */
    private static List<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .sorted()
                .toList();
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
