package dev.baton.server.relayclient;

import static dev.baton.protocol.editor.ConnectionState.CONNECTING;
import static dev.baton.protocol.editor.ConnectionState.OFF;
import static dev.baton.protocol.editor.ConnectionState.OFFLINE;
import static dev.baton.protocol.editor.ConnectionState.ONLINE;
import static dev.baton.protocol.editor.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.e2ee.HostSeal;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionStore;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestClock;
import dev.baton.server.testing.TestDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host stream against a real relay in this JVM, over real sockets on 127.0.0.1. */
class HostStreamTest {
    private static final HostStreamSettings SETTINGS =
            new HostStreamSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 64 * 1024, Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ScheduledExecutorService timers = use(RemoteControl.streamTimers());
    private final List<ConnectionState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> details = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    private Session session() {
        Path work = dir.resolve("work");
        work.toFile().mkdirs();
        return use(new SessionStore(dir.resolve("sessions")).create("stream test", work));
    }

    private RemoteControl remoteControl(Relay relay, Session session) throws Exception {
        RemoteControl remote = use(RemoteControl.register(
                relay.url(), account(relay.createAccountToken("alice")), session, "test machine", SETTINGS, keys()));
        remote.addListener((state, detail, reason) -> {
            states.add(state);
            details.add(String.valueOf(detail));
        });
        return remote;
    }

    @Test
    void streamsTheLogAndAppliesADevicesInput() throws Exception {
        Relay relay = use(Relay.start(RelayConfig.defaults().withPort(0)));
        Session session = session();
        session.submit("before", "editor", new Input.Rename("written before hosting"));
        Await.until("the rename written before hosting", () -> session.cursor().seq() == 1);
        RemoteControl remote = remoteControl(relay, session);
        assertThat(remote.pairingUrl())
                .isEqualTo(relay.url() + "/s/" + session.id() + "#pair=" + remote.pairingCode() + "&key="
                        + keys().contentKey().base64url());

        remote.connect();
        Await.until("online", () -> remote.state() == ONLINE);

        TestDevice phone = use(TestDevice.pair(remote.pairingUrl()));
        phone.subscribe(session.id());
        phone.awaitEvent("the title event written before hosting", event -> event.body() instanceof EventBody.Title);
        phone.send("phone-1", new Input.Message("!echo relayed-input"));
        phone.awaitEvent(
                "the command's output",
                event -> "phone-1".equals(event.inputId())
                        && event.body() instanceof EventBody.ToolResult result
                        && result.output().contains("relayed-input"));

        List<Event> seen = phone.events();
        assertThat(seen).extracting(Event::seq).doesNotHaveDuplicates().isSorted();
        assertThat(session.eventsAfter(0)).containsExactlyElementsOf(seen);
        assertThat(seen)
                .filteredOn(event -> "phone-1".equals(event.inputId()))
                .allSatisfy(event -> assertThat(event.origin()).isNotBlank().isNotEqualTo("editor"));
        assertThat(states).containsExactly(CONNECTING, ONLINE);

        remote.close();
        assertThat(states).containsExactly(CONNECTING, ONLINE, OFF);
    }

    @Test
    void theDeviceCountIsWhatTheRelaySaysAndUnknownWithoutAConnection() throws Exception {
        RelayConfig config = RelayConfig.defaults().withPort(0).withDataDir(dir.resolve("relay"));
        Relay relay = Relay.start(config);
        Session session = session();
        RemoteControl remote = remoteControl(relay, session);
        List<OptionalInt> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        remote.addDevicesListener(heard::add);
        assertThat(remote.attachedDevices()).as("not connected yet").isEmpty();

        remote.connect();
        Await.until("the relay says no device follows", () -> remote.attachedDevices()
                .equals(OptionalInt.of(0)));
        TestDevice phone = use(TestDevice.pair(remote.pairingUrl()));
        phone.subscribe(session.id());
        Await.until("the relay says one device follows", () -> remote.attachedDevices()
                .equals(OptionalInt.of(1)));

        phone.close();
        Await.until("the relay says no device follows again", () -> remote.attachedDevices()
                .equals(OptionalInt.of(0)));

        relay.close();
        Await.until("the count is unknown once the relay is gone", () -> remote.attachedDevices()
                .isEmpty());
        assertThat(heard).containsExactly(OptionalInt.of(0), OptionalInt.of(1), OptionalInt.of(0), OptionalInt.empty());
    }

    @Test
    void reconnectsWhenTheRelayComesBack() throws Exception {
        RelayConfig config = RelayConfig.defaults().withPort(0).withDataDir(dir.resolve("relay"));
        Relay relay = Relay.start(config);
        int port = relay.port();
        Session session = session();
        RemoteControl remote = remoteControl(relay, session);
        remote.connect();
        Await.until("online", () -> remote.state() == ONLINE);

        relay.close();
        Await.until("reconnecting", () -> states.contains(RECONNECTING));
        session.submit("while-away", "terminal", new Input.Message("!echo offline"));
        Relay again = use(Relay.start(config.withPort(port)));
        Await.until("online again", () -> states.size() >= 3 && remote.state() == ONLINE);

        assertThat(states)
                .startsWith(CONNECTING, ONLINE, RECONNECTING)
                .endsWith(ONLINE)
                .doesNotContain(OFFLINE);
        TestDevice phone = use(TestDevice.pair(pairingUrl(remote)));
        phone.subscribe(session.id());
        phone.awaitEvent("the event written while the relay was down", event -> "while-away".equals(event.inputId()));
    }

    @Test
    void anExpiredSessionTokenIsRenewedByRegisteringAgain() throws Exception {
        TestClock clock = new TestClock();
        Relay relay = use(Relay.start(RelayConfig.defaults().withPort(0).withClock(clock)));
        Session session = session();
        RemoteControl remote = remoteControl(relay, session);
        String url = remote.sessionUrl();

        clock.advance(Duration.ofHours(2)); // session and environment tokens expire after 1 h
        remote.connect();
        Await.until("online", () -> remote.state() == ONLINE);

        assertThat(states).containsExactly(CONNECTING, RECONNECTING, ONLINE);
        assertThat(details.get(1)).contains("token_expired");
        assertThat(remote.sessionUrl()).isEqualTo(url);
    }

    @Test
    void aSleepSeenOnTheWallClockRenewsTheTokensAndReconnectsAtOnce() throws Exception {
        TestClock clock = new TestClock();
        Relay relay = use(Relay.start(RelayConfig.defaults().withPort(0).withClock(clock)));
        Session session = session();
        RemoteControl remote = use(RemoteControl.register(
                relay.url(),
                account(relay.createAccountToken("alice")),
                session,
                "test machine",
                SETTINGS,
                keys(),
                clock));
        remote.addListener((state, detail, reason) -> {
            states.add(state);
            details.add(String.valueOf(detail));
        });
        remote.connect();
        Await.until("online", () -> remote.state() == ONLINE);

        // The lid was closed for two hours: the wall clock moved on, System.nanoTime did not, and every
        // token the backend holds has expired on the relay's clock.
        clock.advance(Duration.ofHours(2));

        Await.until("online again after the sleep", () -> states.size() >= 4 && remote.state() == ONLINE);
        assertThat(states).containsExactly(CONNECTING, ONLINE, RECONNECTING, ONLINE);
        assertThat(details.get(2)).startsWith("the machine slept for ");
        remote.newPairing(); // needs a live environment token
        assertThat(remote.pairingCode()).startsWith("btp_");
    }

    @Test
    void aRelayOfAnOlderProtocolStopsRemoteControlSayingToUpdateTheRelay() throws Exception {
        MockWebServer old = use(new MockWebServer());
        old.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onMessage(WebSocket socket, String hello) {
                // What a version 1 relay answers a version 2 hello with.
                socket.send("{\"type\":\"error\",\"code\":\"unsupported_protocol\","
                        + "\"message\":\"this relay speaks protocol 1, not 2\"}");
                socket.close(1002, "unsupported protocol");
            }
        }));
        Session session = session();
        RelayClient client = use(new RelayClient(old.url("/").uri()));
        HostStream stream = use(new HostStream(
                client, session, HostSeal.of(keys(), session.id()), new FixedToken("bts_any"), SETTINGS, timers));

        stream.start();
        Await.until("offline", () -> stream.state() == OFFLINE);

        assertThat(stream.detail())
                .startsWith("The relay speaks an older protocol than this backend; update the relay:")
                .contains("this relay speaks protocol 1, not 2")
                .contains("(unsupported_protocol)");
        assertThat(stream.refusal()).contains(ErrorCode.UNSUPPORTED_PROTOCOL);
        assertThat(old.getRequestCount())
                .as("no retry against a relay that cannot speak our version")
                .isOne();
    }

    @Test
    void aConnectionTheRelayDropsWithoutClosingItIsSaidInWords() throws Exception {
        MockWebServer dropping = use(new MockWebServer());
        dropping.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onMessage(WebSocket socket, String hello) {
                socket.cancel(); // as a relay killed mid-stream: the connection ends with no close frame
            }
        }));
        Session session = session();
        RelayClient client = use(new RelayClient(dropping.url("/").uri()));
        HostStream stream = use(new HostStream(
                client, session, HostSeal.of(keys(), session.id()), new FixedToken("bts_any"), SETTINGS, timers));

        stream.start();
        Await.until("reconnecting", () -> stream.state() == RECONNECTING);

        assertThat(stream.detail()).isEqualTo("the relay ended the connection");
    }

    @Test
    void aRefusalNoRetryCanFixStopsWithItsMessage() throws Exception {
        Relay relay = use(Relay.start(RelayConfig.defaults().withPort(0)));
        Session session = session();
        RemoteControl remote = remoteControl(relay, session);
        String deviceToken = use(TestDevice.pair(remote.pairingUrl())).token();
        RelayClient client = use(new RelayClient(relay.url()));
        HostStream stream = use(new HostStream(
                client, session, HostSeal.of(keys(), session.id()), new FixedToken(deviceToken), SETTINGS, timers));
        List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        stream.addListener((state, detail, reason) -> reasons.add(state + ": " + detail));

        stream.start();
        Await.until("offline", () -> stream.state() == OFFLINE);

        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0)).isEqualTo("CONNECTING: null");
        assertThat(reasons.get(1))
                .startsWith("OFFLINE: ")
                .contains("insufficient_scope")
                .contains("session host token");
    }

    @Test
    void anUnreachableRelayForTheOfflineLimitTurnsTheStreamOffWithThatReason() throws Exception {
        Relay relay = Relay.start(RelayConfig.defaults().withPort(0));
        Session session = session();
        HostStream stream = hostStream(relay, session, SETTINGS.withOfflineTimeout(Duration.ofSeconds(2)));
        List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        stream.addListener((state, detail, reason) -> changes.add(state + " " + reason + ": " + detail));
        stream.start();
        Await.until("online", () -> stream.state() == ONLINE);

        relay.close();
        Await.until("off", () -> stream.state() == OFF);

        assertThat(changes.getLast())
                .startsWith("OFF OFFLINE_LIMIT: the relay at " + relay.url())
                .endsWith("was unreachable for 2s, the offline limit");
        assertThat(changes)
                .filteredOn(change -> change.startsWith("RECONNECTING"))
                .hasSize(1);
        assertThat(stream.isRunning()).isFalse();
        assertThat(session.snapshot().title()).as("the session is untouched").isEqualTo("stream test");
    }

    @Test
    void wakingFromASleepDropsTheConnectionAndReconnectsAtOnce() throws Exception {
        Relay relay = use(Relay.start(RelayConfig.defaults().withPort(0)));
        HostStream stream = hostStream(relay, session(), SETTINGS);
        stream.addListener((state, detail, reason) -> details.add(state + ": " + detail));
        stream.start();
        Await.until("online", () -> stream.state() == ONLINE);

        stream.wokeUp(Duration.ofMinutes(40));

        Await.until("online again", () -> details.size() >= 4 && stream.state() == ONLINE);
        assertThat(details)
                .containsExactly(
                        "CONNECTING: null", "ONLINE: null", "RECONNECTING: the machine slept for 40m", "ONLINE: null");
    }

    @Test
    void aCauseFoundWhileReconnectingIsTheStatesReasonOnceAndItsEndCutsABackedOffWaitShort() throws Exception {
        Path data = dir.resolve("relay");
        Relay relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(data));
        int port = relay.url().getPort();
        AtomicInteger attempts = new AtomicInteger();
        AtomicLong skipped = new AtomicLong();
        ReconnectSchedule longestWaits =
                new ReconnectSchedule(() -> System.nanoTime() + skipped.get(), new RandomGenerator() {
                    @Override
                    public long nextLong() {
                        return 0;
                    }

                    @Override
                    public long nextLong(long origin, long bound) {
                        return bound - 1;
                    }
                });
        HostStream stream = hostStream(relay, session(), SETTINGS, attempts, longestWaits);
        AtomicReference<Optional<OutageCause.Found>> cause = new AtomicReference<>(Optional.empty());
        stream.explainOutagesWith(cause::get);
        List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        stream.addListener((state, detail, reason) -> changes.add(state + " " + reason + ": " + detail));
        stream.start();
        Await.until("online", () -> stream.state() == ONLINE);

        relay.close();
        Await.until("reconnecting", () -> stream.state() == RECONNECTING);
        cause.set(Optional.of(new OutageCause.Found(ConnectionReason.PORT_TAKEN, "a stranger holds the port")));
        Await.until("the cause shown", () -> stream.detail().equals("a stranger holds the port"));
        // Two minutes into the outage: waits of 4 s, then 8 s.
        skipped.set(Duration.ofMinutes(2).toNanos());
        int shown = attempts.get();
        Await.until("two more attempts", () -> attempts.get() >= shown + 2);
        long cleared = System.nanoTime();
        cause.set(Optional.empty());
        use(Relay.start(RelayConfig.defaults().withPort(port).withDataDir(data)));
        Await.until("online again", () -> stream.state() == ONLINE);
        Duration toOnline = Duration.ofNanos(System.nanoTime() - cleared);

        assertThat(changes)
                .as("every change of state")
                .filteredOn(change -> change.startsWith("RECONNECTING PORT_TAKEN"))
                .containsExactly("RECONNECTING PORT_TAKEN: a stranger holds the port");
        assertThat(changes.getLast()).isEqualTo("ONLINE null: null");
        assertThat(toOnline)
                .as("online once the cause is gone, not after the 8 s wait the schedule had begun")
                .isLessThan(Duration.ofSeconds(6));
    }

    private HostStream hostStream(Relay relay, Session session, HostStreamSettings settings) throws Exception {
        return hostStream(relay, session, settings, new AtomicInteger(), ReconnectSchedule.systemTime());
    }

    /** @param attempts counts the connection attempts (each asks for the session token) */
    private HostStream hostStream(
            Relay relay,
            Session session,
            HostStreamSettings settings,
            AtomicInteger attempts,
            ReconnectSchedule schedule)
            throws Exception {
        RelayClient client = use(new RelayClient(relay.url()));
        SessionLease lease = SessionLease.register(
                client,
                account(relay.createAccountToken("alice")),
                new dev.baton.protocol.relay.RelayApi.CreateEnvironment(
                        "test machine",
                        "localhost",
                        session.directory().toString(),
                        dev.baton.protocol.relay.SpawnMode.SINGLE_SESSION,
                        1),
                session.id(),
                null,
                java.time.Clock.systemUTC());
        SessionTokens counted = new SessionTokens() {
            @Override
            public String sessionToken() throws java.io.IOException {
                attempts.incrementAndGet();
                return lease.sessionToken();
            }

            @Override
            public void sessionTokenRefused() {
                lease.sessionTokenRefused();
            }
        };
        return use(new HostStream(
                client, session, HostSeal.of(keys(), session.id()), counted, settings, timers, schedule));
    }

    private static String pairingUrl(RemoteControl remote) throws Exception {
        remote.newPairing();
        return remote.pairingUrl();
    }

    private Keyring keys() {
        return Keyring.open(new BatonHome(dir.resolve("home")));
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

    private record FixedToken(String token) implements SessionTokens {
        @Override
        public String sessionToken() {
            return token;
        }

        @Override
        public void sessionTokenRefused() {}
    }
}
