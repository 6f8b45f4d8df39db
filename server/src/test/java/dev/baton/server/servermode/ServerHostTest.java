package dev.baton.server.servermode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.SessionNames;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.EnvironmentLease;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.OutageCause;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.servermode.Worktrees.Cleanup;
import dev.baton.server.servermode.Worktrees.Worktree;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionStore;
import dev.baton.server.terminal.ScreenState;
import dev.baton.server.terminal.StatusView;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host against a real relay: what it shows, and what the screen's keys do. */
class ServerHostTest {
    @TempDir
    Path tmp;

    @Test
    void theViewFollowsTheSessionsAndTheSpawnModeToggleRefusesOutsideARepository() throws Exception {
        Path directory = Files.createDirectories(tmp.resolve("not-a-repo"));
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0))) {
            SessionStore store = new SessionStore(tmp.resolve("home/sessions"));
            Session first = store.create("api", directory);
            Recording view = new Recording();
            ServerHost host = host(relay, store, directory, view);

            RemoteControl remote = host.register(first);
            host.run();

            Await.until(
                    "the view shows the session online",
                    () -> view.last() != null && view.last().connection() == ConnectionState.ONLINE);
            ScreenState shown = view.last();
            assertThat(shown.sessions()).singleElement().satisfies(line -> {
                assertThat(line.title()).isEqualTo("api");
                assertThat(line.activity()).isEqualTo(ScreenState.Activity.IDLE);
                assertThat(line.worktree()).isNull();
            });
            assertThat(shown.sessionUrl()).isEqualTo(remote.pairingUrl());
            assertThat(shown.environmentName()).isEqualTo("api");

            assertThat(host.toggleSpawnMode()).contains(directory.toString()).contains("not in one");
            assertThat(host.spawnMode()).isEqualTo(ScreenState.SpawnMode.SAME_DIR);

            host.stop();
            assertThat(host.stopped().join().exit()).isZero();
            Await.until(
                    "the view shows no session", () -> view.last().sessions().isEmpty());
        }
    }

    @Test
    void anUntitledSessionIsShownByItsIdAsEverySurfaceCallsIt() throws Exception {
        Path directory = Files.createDirectories(tmp.resolve("app"));
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0))) {
            SessionStore store = new SessionStore(tmp.resolve("home/sessions"));
            Recording view = new Recording();
            ServerHost host = host(relay, store, directory, view);
            Session untitled = store.create(null, directory);
            host.register(untitled);
            host.run();

            Await.until(
                    "the view shows the session",
                    () -> view.last() != null && !view.last().sessions().isEmpty());
            assertThat(view.last().sessions().getFirst().title())
                    .isEqualTo("Session " + untitled.id().substring(0, 8))
                    .isEqualTo(SessionNames.displayName(untitled.id(), null));

            host.stop();
            assertThat(host.stopped().join().exit()).isZero();
        }
    }

    @Test
    void eachSessionLineCountsTheDevicesThatFollowItThroughTheRelay() throws Exception {
        Path directory = Files.createDirectories(tmp.resolve("app"));
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0))) {
            SessionStore store = new SessionStore(tmp.resolve("home/sessions"));
            Recording view = new Recording();
            ServerHost host = host(relay, store, directory, view);
            RemoteControl remote = host.register(store.create("api", directory));
            host.run();

            Await.until("the view shows no device following the session online", () -> devices(view)
                    .equals(OptionalInt.of(0)));

            try (TestDevice phone = TestDevice.pair(remote.pairingUrl(), "phone")) {
                phone.subscribe(remote.sessionId());
                Await.until("the view shows one device", () -> devices(view).equals(OptionalInt.of(1)));

                remote.newPairing();
                TestDevice tablet = TestDevice.pair(remote.pairingUrl(), "tablet");
                tablet.subscribe(remote.sessionId());
                Await.until("the view shows two devices", () -> devices(view).equals(OptionalInt.of(2)));

                tablet.close();
                Await.until(
                        "the view shows one device again", () -> devices(view).equals(OptionalInt.of(1)));
                assertThat(remote.attachedDevices()).hasValue(1);
            }

            host.stop();
            assertThat(host.stopped().join().exit()).isZero();
            assertThat(remote.attachedDevices())
                    .as("a stream that is gone knows nothing about devices")
                    .isEmpty();
        }
    }

    @Test
    void aPairingCodeUsedByOneDeviceIsReplacedOnTheScreenForTheNext() throws Exception {
        Path directory = Files.createDirectories(tmp.resolve("app"));
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0))) {
            SessionStore store = new SessionStore(tmp.resolve("home/sessions"));
            Recording view = new Recording();
            ServerHost host = host(relay, store, directory, view);
            RemoteControl remote = host.register(store.create("api", directory));
            host.run();
            Await.until("the view online", () -> devices(view).equals(OptionalInt.of(0)));
            String first = view.last().sessionUrl();

            try (TestDevice phone = TestDevice.pair(first, "phone")) {
                Await.until(
                        "a new code on the screen",
                        () -> !view.last().sessionUrl().equals(first));
                String second = view.last().sessionUrl();
                assertThat(second).isEqualTo(remote.pairingUrl());
                try (TestDevice tablet = TestDevice.pair(second, "tablet")) {
                    tablet.subscribe(remote.sessionId());
                    Await.until("the tablet following", () -> devices(view).equals(OptionalInt.of(1)));
                }
            }
            host.stop();
            assertThat(host.stopped().join().exit()).isZero();
        }
    }

    @Test
    void aPairingRenewsOnlyTheCodeOnShowHoweverManySessionsTheEnvironmentHosts() throws Exception {
        Path directory = Files.createDirectories(tmp.resolve("app"));
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0))) {
            SessionStore store = new SessionStore(tmp.resolve("home/sessions"));
            Recording view = new Recording();
            List<RemoteControl> remotes = new CopyOnWriteArrayList<>();
            ServerHost host = host(relay, store, directory, view, remotes::add);
            RemoteControl first = host.register(store.create("api", directory));
            host.run();
            Await.until("the view online", () -> devices(view).equals(OptionalInt.of(0)));

            try (TestDevice phone = TestDevice.pair(first.pairingUrl(), "phone")) {
                HttpResponse<String> spawned = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(
                                                relay.url() + "/v1/environments/" + host.environmentId() + "/spawn"))
                                        .header("Authorization", "Bearer " + phone.token())
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(spawned.statusCode()).as(spawned.body()).isBetween(200, 299);
                Await.until(
                        "the spawned session online",
                        () -> remotes.size() == 2 && remotes.get(1).state() == ConnectionState.ONLINE);
                RemoteControl other = remotes.get(1);
                AtomicInteger otherCodes = new AtomicInteger();
                other.addPairingListener(otherCodes::incrementAndGet);
                String shown = view.last().sessionUrl();

                try (TestDevice tablet = TestDevice.pair(shown, "tablet")) {
                    Await.until(
                            "a new code on the screen",
                            () -> !view.last().sessionUrl().equals(shown));
                }
                Awaitility.await("the spawned session's code, which nobody is shown")
                        .during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> otherCodes.get() == 0);
            }
            host.stop();
            assertThat(host.stopped().join().exit()).isZero();
        }
    }

    /** The first session's device count as the view last showed it; empty before there is one. */
    private static OptionalInt devices(Recording view) {
        ScreenState last = view.last();
        return last == null || last.sessions().isEmpty()
                ? OptionalInt.empty()
                : last.sessions().getFirst().devices();
    }

    private ServerHost host(Relay relay, SessionStore store, Path directory, StatusView view) throws Exception {
        return host(relay, store, directory, view, remote -> {});
    }

    private ServerHost host(
            Relay relay, SessionStore store, Path directory, StatusView view, Consumer<RemoteControl> onHosted)
            throws Exception {
        Keyring keys = Keyring.open(new BatonHome(tmp.resolve("home")));
        return new ServerHost(
                new ServerHost.Settings(
                        "api",
                        directory,
                        ScreenState.SpawnMode.SAME_DIR,
                        3,
                        ScreenState.Reach.RELAY,
                        false,
                        tmp.resolve("home/worktrees"),
                        HostStreamSettings.defaults()),
                EnvironmentLease.register(
                        new RelayClient(relay.url()),
                        account(relay.createAccountToken("alice")),
                        RemoteControl.environmentOf("api", directory, SpawnMode.SAME_DIR, 3, keys.contentKey()),
                        Clock.systemUTC()),
                keys,
                store,
                actions -> view,
                new NoEvents(),
                OutageCause.NONE,
                onHosted,
                Clock.systemUTC());
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

    private static final class Recording implements StatusView {
        private final List<ScreenState> shown = new ArrayList<>();

        @Override
        public synchronized void show(ScreenState state) {
            shown.add(state);
        }

        synchronized ScreenState last() {
            return shown.isEmpty() ? null : shown.getLast();
        }

        @Override
        public void close() {}
    }

    private static final class NoEvents implements ServerHost.Events {
        @Override
        public void connection(ConnectionState state, String detail, ConnectionReason reason) {}

        @Override
        public void spawned(String sessionId, Path directory, Worktree worktree) {}

        @Override
        public void sessionEnded(String sessionId, Cleanup cleanup) {}

        @Override
        public void capacity(int running, int capacity) {}
    }
}
