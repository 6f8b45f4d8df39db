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
import dev.baton.server.remote.LocalHost;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host against a real relay: what it shows, and what the screen's keys do. */
class ServerHostTest {
    @TempDir
    Path tmp;

    @AutoClose
    private Relay relay;

    /** The folder the host serves: in a fresh temporary directory, so in no git repository. */
    private Path directory;

    private SessionStore store;
    private final Recording view = new Recording();
    /** Each session the host takes on, in the order it takes them. */
    private final List<RemoteControl> hosted = new CopyOnWriteArrayList<>();

    private ServerHost host;

    /** A host of the folder registered with a fresh relay as alice's environment "api", hosting nothing yet. */
    @BeforeEach
    void startRelayAndHost() throws Exception {
        relay = Relay.start(RelayConfig.defaults().withPort(0));
        directory = Files.createDirectories(tmp.resolve("app"));
        store = new SessionStore(tmp.resolve("home/sessions"));
        host = hostNamed("api");
    }

    private ServerHost hostNamed(String name) throws Exception {
        Keyring keys = Keyring.open(new BatonHome(tmp.resolve("home")));
        return new ServerHost(
                new ServerHost.Settings(
                        name,
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
                        RemoteControl.environmentOf(name, directory, SpawnMode.SAME_DIR, 3, keys.contentKey()),
                        Clock.systemUTC()),
                keys,
                store,
                actions -> view,
                new NoEvents(),
                OutageCause.NONE,
                hosted::add,
                Clock.systemUTC());
    }

    @Test
    void theViewFollowsTheSessionsAndTheSpawnModeToggleRefusesOutsideARepository() throws Exception {
        RemoteControl remote = hostRunning(store.create("api", directory));

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

        assertThat(stoppedExitStatus()).isZero();
        Await.until("the view shows no session", () -> view.last().sessions().isEmpty());
    }

    @Test
    void anUnnamedEnvironmentIsShownUnderTheNameDevicesListItBy() throws Exception {
        assertThat(hostNamed(null).state().environmentName()).isEqualTo(LocalHost.name());
    }

    @Test
    void anUntitledSessionIsShownByItsIdAsEverySurfaceCallsIt() throws Exception {
        Session untitled = store.create(null, directory);
        hostRunning(untitled);

        Await.until(
                "the view shows the session",
                () -> view.last() != null && !view.last().sessions().isEmpty());
        assertThat(view.last().sessions().getFirst().title())
                .isEqualTo("Session " + untitled.id().substring("ses_".length(), "ses_".length() + 8))
                .isEqualTo(SessionNames.displayName(untitled.id(), null));

        assertThat(stoppedExitStatus()).isZero();
    }

    @Test
    void eachSessionLineCountsTheDevicesThatFollowItThroughTheRelay() throws Exception {
        RemoteControl remote = hostRunning(store.create("api", directory));

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
            Await.until("the view shows one device again", () -> devices(view).equals(OptionalInt.of(1)));
            assertThat(remote.attachedDevices()).hasValue(1);
        }

        assertThat(stoppedExitStatus()).isZero();
        assertThat(remote.attachedDevices())
                .as("a stream that is gone knows nothing about devices")
                .isEmpty();
    }

    @Test
    void aPairingCodeUsedByOneDeviceIsReplacedOnTheScreenForTheNext() throws Exception {
        RemoteControl remote = hostRunning(store.create("api", directory));
        Await.until("the view online", () -> devices(view).equals(OptionalInt.of(0)));
        String first = view.last().sessionUrl();

        try (TestDevice phone = TestDevice.pair(first, "phone")) {
            Await.until(
                    "a new code on the screen", () -> !view.last().sessionUrl().equals(first));
            String second = view.last().sessionUrl();
            assertThat(second).isEqualTo(remote.pairingUrl());
            try (TestDevice tablet = TestDevice.pair(second, "tablet")) {
                tablet.subscribe(remote.sessionId());
                Await.until("the tablet following", () -> devices(view).equals(OptionalInt.of(1)));
            }
        }
        assertThat(stoppedExitStatus()).isZero();
    }

    @Test
    void aPairingRenewsOnlyTheCodeOnShowHoweverManySessionsTheEnvironmentHosts() throws Exception {
        RemoteControl first = hostRunning(store.create("api", directory));
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
                    () -> hosted.size() == 2 && hosted.get(1).state() == ConnectionState.ONLINE);
            RemoteControl other = hosted.get(1);
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
        assertThat(stoppedExitStatus()).isZero();
    }

    /** Registers {@code first} as the session the screen's URL leads to, and runs the host. */
    private RemoteControl hostRunning(Session first) throws Exception {
        RemoteControl remote = host.register(first);
        host.run();
        return remote;
    }

    /** Stops the host and returns the exit status it ends with. */
    private int stoppedExitStatus() {
        host.stop();
        return host.stopped().join().exit();
    }

    /** The first session's device count as the view last showed it; empty before there is one. */
    private static OptionalInt devices(Recording view) {
        ScreenState last = view.last();
        return last == null || last.sessions().isEmpty()
                ? OptionalInt.empty()
                : last.sessions().getFirst().devices();
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
        public void resumed(String sessionId, Path directory, Worktree worktree) {}

        @Override
        public void adopted(List<String> sessionIds) {}

        @Override
        public void sessionEnded(String sessionId, Cleanup cleanup) {}

        @Override
        public void capacity(int running, int capacity) {}
    }
}
