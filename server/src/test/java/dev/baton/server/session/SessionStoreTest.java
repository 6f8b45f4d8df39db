package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    @Test
    void findsTheMostRecentlyActiveSessionByNameAndDirectory() throws IOException {
        TestClock clock = new TestClock();
        SessionStore store = new SessionStore(home, SessionSettings.defaults(), clock);
        Path elsewhere = Files.createDirectory(workspace.resolve("elsewhere"));
        try (Session older = store.create("api", workspace);
                Session other = tick(clock, () -> store.create("api", elsewhere));
                Session newer = tick(clock, () -> store.create("api", workspace))) {
            clock.advance(Duration.ofSeconds(1));
            older.submit("in-1", "editor", new Input.Message("/help"));
            Await.answer(older, "in-1");

            assertThat(store.findByName("api", workspace))
                    .get()
                    .extracting(SessionInfo::id)
                    .isEqualTo(older.id());
            assertThat(store.findByName("api", elsewhere))
                    .get()
                    .extracting(SessionInfo::id)
                    .isEqualTo(other.id());
            assertThat(store.findByName("web", workspace)).isEmpty();
            assertThat(store.list()).extracting(SessionInfo::id).first().isEqualTo(older.id());
            assertThat(store.list())
                    .extracting(SessionInfo::id)
                    .containsExactlyInAnyOrder(older.id(), other.id(), newer.id());
        }
    }

    @Test
    void theLatestSessionOfADirectoryIsTheMostRecentlyActiveWhateverItsName() throws IOException {
        TestClock clock = new TestClock();
        SessionStore store = new SessionStore(home, SessionSettings.defaults(), clock);
        Path elsewhere = Files.createDirectory(workspace.resolve("elsewhere"));
        assertThat(store.latestIn(workspace)).isEmpty();
        try (Session named = store.create("api", workspace);
                Session unnamed = tick(clock, () -> store.create(null, workspace));
                Session other = tick(clock, () -> store.create(null, elsewhere))) {
            assertThat(store.latestIn(workspace))
                    .get()
                    .extracting(SessionInfo::id)
                    .isEqualTo(unnamed.id());

            clock.advance(Duration.ofSeconds(1));
            named.submit("in-1", "terminal", new Input.Message("/help"));
            Await.answer(named, "in-1");

            assertThat(store.latestIn(workspace))
                    .get()
                    .extracting(SessionInfo::id)
                    .isEqualTo(named.id());
            assertThat(store.latestIn(elsewhere))
                    .get()
                    .extracting(SessionInfo::id)
                    .isEqualTo(other.id());
        }
    }

    @Test
    void listsClosedSessionsFromTheirFiles() {
        SessionStore store = new SessionStore(home);
        Session session = store.create("docs", workspace);
        session.submit("in-1", "editor", new Input.Rename("Write the docs"));
        List<Event> answer = Await.answer(session, "in-1");
        session.close();

        assertThat(new SessionStore(home).list())
                .containsExactly(new SessionInfo(
                        session.id(),
                        "docs",
                        workspace.toAbsolutePath(),
                        "Write the docs",
                        answer.getFirst().ts()));
    }

    @Test
    void openingAnOpenSessionGivesTheSameInstanceAndAnotherStoreIsRefused() {
        SessionStore store = new SessionStore(home);
        Session session = store.create(null, workspace);
        try {
            assertThat(store.open(session.id())).containsSame(session);
            assertThatThrownBy(() -> new SessionStore(home).open(session.id()))
                    .isInstanceOf(SessionBusyException.class)
                    .hasMessageContaining("already open");
        } finally {
            session.close();
        }
        Session reopened = store.open(session.id()).orElseThrow();
        assertThat(reopened).isNotSameAs(session);
        reopened.close();
    }

    @Test
    void theProcessHoldingALogIsRecordedPrivatelyBesideItUntilItLetsGo() throws IOException {
        SessionStore store = new SessionStore(home, SessionSettings.defaults().withHolder(SessionHolder.Kind.LSP));
        Path record;
        try (Session session = store.create("api", workspace)) {
            record = home.resolve(session.id()).resolve("holder.json");
            SessionHolder holder = Json.MAPPER.readValue(record.toFile(), SessionHolder.class);
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(holder.kind()).isEqualTo(SessionHolder.Kind.LSP);
            assertThat(Files.readString(record)).contains("\"kind\":\"lsp\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(record)))
                    .isEqualTo("rw-------");
            assertThat(holder.process()).isPresent();
            // This process holds it: never named as another holder, so it is never offered for takeover.
            assertThat(new SessionStore(home).holderOf(session.id())).isEmpty();
        }
        assertThat(record).doesNotExist();
    }

    @Test
    void aRecordBesideAFreeLogNamesNobodyAndTheNextHolderReplacesIt() throws IOException {
        SessionStore store = new SessionStore(home);
        String id;
        try (Session session = store.create(null, workspace)) {
            id = session.id();
        }
        // What a holder killed with SIGKILL leaves: its record, and no lock.
        Path record = home.resolve(id).resolve("holder.json");
        Files.writeString(record, "{\"pid\":1,\"kind\":\"remote-control\"}"); // pid 1 runs, but holds nothing

        assertThat(store.isOpenElsewhere(id)).isFalse();
        assertThat(store.holderOf(id)).isEmpty();
        try (Session reopened = new SessionStore(
                        home, SessionSettings.defaults().withHolder(SessionHolder.Kind.INTERACTIVE))
                .open(id)
                .orElseThrow()) {
            assertThat(Files.readString(record)).contains("\"kind\":\"interactive\"");
        }
        assertThat(record).doesNotExist();
    }

    @Test
    void aRecordedPidNowRunningAnotherProgramIsNotTheHolder() {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElseThrow();

        assertThat(new SessionHolder(self.pid(), SessionHolder.Kind.REMOTE_CONTROL, started).process())
                .isPresent();
        assertThat(new SessionHolder(self.pid(), SessionHolder.Kind.REMOTE_CONTROL, started.minusSeconds(60)).process())
                .isEmpty();
        assertThat(SessionHolder.Kind.fromWord("a-newer-kind")).isEqualTo(SessionHolder.Kind.OTHER);
    }

    @Test
    void aNewSessionHasTheIdFormTheRelayGivesTheSessionsDevicesAskFor() {
        try (Session session = new SessionStore(home).create(null, workspace)) {
            assertThat(session.id()).matches("ses_[A-Za-z0-9_-]{16}");
        }
    }

    @Test
    void aSessionStoredUnderAnIdOfTheEarlierBareFormStillOpensWithItsHistory() {
        String bareId = "0aIjUIxN-4Hq2wTzQk7cAg";
        SessionStore earlier = new SessionStore(home);
        try (Session session = earlier.create(bareId, "api", workspace)) {
            session.submit("in-1", "terminal", new Input.Message("/help"));
            Await.answer(session, "in-1");
        }

        SessionStore store = new SessionStore(home);
        assertThat(store.findByName("api", workspace))
                .get()
                .extracting(SessionInfo::id)
                .isEqualTo(bareId);
        try (Session reopened = store.open(bareId).orElseThrow()) {
            assertThat(reopened.id()).isEqualTo(bareId);
            assertThat(Await.stamped(reopened, "in-1")).as("its history").isNotEmpty();
        }
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        SessionStore store = new SessionStore(home);

        assertThat(store.open("no-such-session")).isEmpty();
        assertThat(store.open("../../etc")).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aSessionNeedsAnExistingDirectory() {
        assertThatThrownBy(() -> new SessionStore(home).create(null, workspace.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void workAProcessDiedInIsClosedWhenTheSessionOpens() throws IOException {
        Session crashed = new SessionStore(home).create(null, workspace);
        crashed.close();
        // What a crash during `!sleep 30` leaves behind: the start of the work and no end.
        try (EventLog log = EventLog.open(home.resolve(crashed.id()).resolve("events.jsonl"), Clock.systemUTC())) {
            log.append(List.of(
                    new EventDraft("in-1", "phone-1", new EventBody.UserMessage("!sleep 30")),
                    new EventDraft("in-1", "phone-1", new EventBody.Status(true)),
                    new EventDraft(
                            "in-1",
                            "phone-1",
                            new EventBody.ToolCall(
                                    "call-1",
                                    "shell",
                                    Json.MAPPER.createObjectNode().put("command", "sleep 30")))));
        }

        try (Session session = new SessionStore(home).open(crashed.id()).orElseThrow()) {
            List<Event> recovery = session.eventsAfter(3);
            assertThat(recovery).extracting(Event::type).containsExactly("tool_result", "notice", "status");
            assertThat(recovery.getFirst().inputId()).isEqualTo("in-1");
            assertThat(((EventBody.ToolResult) recovery.getFirst().body()).ok()).isFalse();
            assertThat(session.snapshot().processing()).isFalse();
        }
    }

    /** Creates after a second has passed: ordering by activity must not hinge on the millisecond. */
    private static Session tick(TestClock clock, Supplier<Session> create) {
        clock.advance(Duration.ofSeconds(1));
        return create.get();
    }
}
