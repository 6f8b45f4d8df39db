package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.testing.TestDevice;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /remote-control}, {@code /mobile} and the connection in {@code /status}, against a real relay. */
class RemoteControlCommandsTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private Relay relay;
    private RelayPort port;
    private Session session;
    private TestDevice phone;

    @AfterEach
    void closeAll() {
        if (phone != null) {
            phone.close();
        }
        if (port != null) {
            port.close();
        }
        if (session != null) {
            session.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void withoutRemoteControlStatusSaysItIsOffAndTheCommandsAnswerWithErrors() {
        session = new SessionStore(home).create(null, workspace);

        session.submit("status", "editor", new Input.Message("/status"));
        assertThat(notice(Await.answer(session, "status"))).endsWith("\nRemote Control is off");

        session.submit("rc", "editor", new Input.Message("/remote-control Couch"));
        assertThat(Await.answer(session, "rc"))
                .extracting(Event::body)
                .containsExactly(
                        new EventBody.UserMessage("/remote-control Couch"),
                        new EventBody.Error(
                                "remote_control_unavailable",
                                "Remote Control is not available here; start this session with baton remote-control"
                                        + " or from the editor."));
        session.submit("mobile", "editor", new Input.Command("mobile", null));
        assertThat(Await.answer(session, "mobile"))
                .extracting(Event::body)
                .last()
                .isEqualTo(new EventBody.Error("remote_control_off", Replies.MOBILE_WITHOUT_RELAY));
        assertThat(session.snapshot().title()).isNull();
    }

    @Test
    void startsRemoteControlForARunningSessionWithItsWholeHistory() throws Exception {
        startRelay();
        Session session = this.session;
        session.submit("p1", "editor", new Input.Message("Fix the flaky login test"));
        session.submit("sh", "editor", new Input.Message("!echo history"));
        Await.workDone(session, "sh");
        session.submit("p2", "editor", new Input.Message("Now speed up the build\nplease"));
        session.submit("cmd", "editor", new Input.Message("/help"));
        Await.answer(session, "cmd");
        assertThat(session.snapshot().title()).isEqualTo("Fix the flaky login test");

        session.submit("rc", "editor", new Input.Message("/remote-control"));
        List<Event> answer = Await.answer(session, "rc");
        assertThat(answer)
                .extracting(Event::body)
                .contains(new EventBody.Title("Now speed up the build", "conversation"));
        String pairingUrl = port.connection(session.id()).orElseThrow().pairingUrl();
        assertThat(notice(answer))
                .contains(relay.url() + "/s/" + session.id())
                .contains("A pairing was offered")
                .doesNotContain("#pair")
                .doesNotContain(pairingUrl.substring(pairingUrl.indexOf("#pair=") + 6))
                .doesNotContain("key=");

        phone = TestDevice.pair(pairingUrl);
        phone.subscribe(session.id());
        long last = session.cursor().seq();
        phone.awaitEvent("the reply to /remote-control", event -> event.seq() == last);
        assertThat(phone.events()).containsExactlyElementsOf(session.eventsAfter(0));
        assertThat(phone.events().getFirst().seq()).isEqualTo(1);

        Await.until("online", () -> port.connection(session.id())
                .map(connection -> connection.state() == ConnectionState.ONLINE)
                .orElse(false));
        session.submit("status", "phone", new Input.Message("/status"));
        assertThat(notice(Await.answer(session, "status")))
                .endsWith("\nRemote Control: online, " + relay.url() + "/s/" + session.id())
                .doesNotContain("#pair");

        session.submit("mobile", "phone", new Input.Message("/mobile"));
        assertThat(notice(Await.answer(session, "mobile")))
                .contains(relay.url() + "/")
                .doesNotContain("/s/")
                .contains("█");
    }

    @Test
    void whenAlreadyOnItAnswersWithAFreshCodeAndANameRenames() throws Exception {
        startRelay();
        session.submit("rc1", "editor", new Input.Message("/remote-control"));
        Await.answer(session, "rc1");
        String first = port.connection(session.id()).orElseThrow().pairingUrl();

        session.submit("rc2", "phone", new Input.Message("/remote-control  Couch  "));
        List<Event> second = Await.answer(session, "rc2");
        assertThat(second).extracting(Event::body).contains(new EventBody.Title("Couch", "name"));
        String url = port.connection(session.id()).orElseThrow().pairingUrl();
        assertThat(url).isNotEqualTo(first);
        assertThat(notice(second)).doesNotContain("#pair");
        assertThat(port.starts).isEqualTo(1);
        assertThat(session.snapshot().title()).isEqualTo("Couch");
    }

    @Test
    void aTitleSomeoneChoseIsKeptWhenRemoteControlStarts() throws Exception {
        startRelay();
        session.submit("p1", "editor", new Input.Message("First prompt"));
        session.submit("rename", "editor", new Input.Message("/rename Mine"));
        session.submit("p2", "editor", new Input.Message("Later prompt"));
        Await.answer(session, "p2");

        session.submit("rc", "editor", new Input.Message("/remote-control"));
        assertThat(Await.answer(session, "rc"))
                .extracting(Event::body)
                .noneMatch(body -> body instanceof EventBody.Title);
        assertThat(session.snapshot().title()).isEqualTo("Mine");

        session.submit("p3", "editor", new Input.Message("Yet another prompt"));
        Await.answer(session, "p3");
        assertThat(session.snapshot().title()).isEqualTo("Mine");
    }

    @Test
    void remoteControlStartedFromOutsideTitlesTheSessionByTheSameRules() {
        session = new SessionStore(home).create(null, workspace);
        session.submit("p1", "editor", new Input.Message("First prompt"));
        session.submit("p2", "editor", new Input.Message("What it is about now"));
        Await.answer(session, "p2");

        session.remoteControlStarted(null);
        Await.until("the conversation's title", () -> "What it is about now"
                .equals(session.snapshot().title()));
        session.remoteControlStarted("  Desk ");
        Await.until("the name as title", () -> "Desk".equals(session.snapshot().title()));
        session.remoteControlStarted("Desk");
        session.remoteControlStarted(null);
        session.submit("marker", "editor", new Input.Message("/help"));
        Await.answer(session, "marker");

        assertThat(session.eventsAfter(0))
                .extracting(Event::body)
                .filteredOn(EventBody.Title.class::isInstance)
                .containsExactly(
                        new EventBody.Title("First prompt", "prompt"),
                        new EventBody.Title("What it is about now", "conversation"),
                        new EventBody.Title("Desk", "name"));
    }

    private void startRelay() throws Exception {
        relay = Relay.start(RelayConfig.defaults().withPort(0));
        port = new RelayPort(relay.url(), relay.createAccountToken("alice"), Keyring.open(new BatonHome(home)));
        session = new SessionStore(home, SessionSettings.defaults().withRemoteControl(port)).create(null, workspace);
    }

    private static String notice(List<Event> events) {
        return events.stream()
                .map(Event::body)
                .filter(EventBody.Notice.class::isInstance)
                .map(body -> ((EventBody.Notice) body).text())
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no notice in " + events));
    }

    /** Remote Control over a real relay, as the editor and the CLI supply it. */
    private static final class RelayPort implements RemoteControlPort, AutoCloseable {
        private final URI relayUrl;
        private final String accountToken;
        private final Keyring keys;
        private RemoteControl remote;
        int starts;

        RelayPort(URI relayUrl, String accountToken, Keyring keys) {
            this.relayUrl = relayUrl;
            this.accountToken = accountToken;
            this.keys = keys;
        }

        @Override
        public synchronized Optional<Connection> connection(String sessionId) {
            if (remote == null || !remote.sessionId().equals(sessionId)) {
                return Optional.empty();
            }
            return Optional.of(
                    new Connection(remote.state(), remote.sessionUrl(), remote.pairingUrl(), remote.relayUrl()));
        }

        @Override
        public synchronized Connection start(Session session) throws IOException {
            if (remote == null) {
                remote = RemoteControl.register(
                        relayUrl, account(accountToken), session, "test machine", HostStreamSettings.defaults(), keys);
                remote.connect();
                starts++;
            } else {
                remote.newPairing();
            }
            return connection(session.id()).orElseThrow();
        }

        @Override
        public synchronized void close() {
            if (remote != null) {
                remote.close();
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
}
