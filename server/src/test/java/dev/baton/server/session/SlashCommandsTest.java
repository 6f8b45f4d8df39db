package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.event.EventBody;
import dev.baton.server.agent.loop.Agent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands over a real log; the relay connection Remote Control would make is a mock. */
class SlashCommandsTest {
    private static final RemoteControlPort.Connection HOSTED = new RemoteControlPort.Connection(
            ConnectionState.ONLINE,
            "https://relay.example/s/s-1",
            "https://relay.example/s/s-1#code=secret-code",
            URI.create("https://relay.example"));

    @TempDir
    Path dir;

    private final Session session = mock(Session.class);
    private final RemoteControlPort remoteControl = mock(RemoteControlPort.class);
    private final AtomicBoolean busy = new AtomicBoolean();
    private Journal journal;
    private SlashCommands commands;

    @BeforeEach
    void open() throws IOException {
        when(session.id()).thenReturn("s-1");
        when(session.directory()).thenReturn(dir);
        when(remoteControl.connection("s-1")).thenReturn(Optional.empty());
        journal = new Journal("s-1", "epoch-1", null, EventLog.open(dir.resolve("events.jsonl"), Clock.systemUTC()));
        Agent.Availability noModel = new Agent.Availability.Unavailable("No model is configured.", "model: (none)\n");
        commands = new SlashCommands(session, journal, remoteControl, noModel, busy::get);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private List<EventBody> answer(String text) {
        return answer(commands, text);
    }

    private static List<EventBody> answer(SlashCommands commands, String text) {
        return commands.answer(new Stamp("in-1", "editor"), SlashCommand.parse(text)).stream()
                .map(EventDraft::body)
                .toList();
    }

    private static String errorCode(List<EventBody> answer) {
        return ((EventBody.Error) answer.getFirst()).code();
    }

    private static String noticeText(List<EventBody> answer) {
        return ((EventBody.Notice) answer.getFirst()).text();
    }

    @Test
    void everyAnswerIsStampedWithTheInputThatAsked() {
        assertThat(commands.answer(new Stamp("in-7", "phone-1"), SlashCommand.parse("/help")))
                .containsExactly(new EventDraft("in-7", "phone-1", new EventBody.Notice(Replies.HELP)));
    }

    @Test
    void renameAndUnknownCommands() {
        assertThat(answer("/rename  the  new name"))
                .containsExactly(new EventBody.Title("the new name", Titles.RENAME));
        assertThat(errorCode(answer("/rename"))).isEqualTo("missing_argument");
        assertThat(errorCode(answer("/frobnicate"))).isEqualTo("unknown_command");
    }

    @Test
    void clearIsRefusedWhileWorkRuns() {
        assertThat(answer("/clear"))
                .containsExactly(new EventBody.Notice(Replies.CLEARED), new EventBody.ConversationCleared());

        busy.set(true);

        assertThat(errorCode(answer("/clear"))).isEqualTo("busy");
    }

    @Test
    void configShowsTheAgentsReport() {
        assertThat(noticeText(answer("/config"))).isEqualTo("model: (none)");
    }

    @Test
    void statusReadsTheLogAndTheConnectionButNeverThePairingCode() {
        journal.commit(List.of(EventDraft.unprompted(new EventBody.Title("fix the build", Titles.PROMPT))));

        assertThat(noticeText(answer("/status")))
                .contains("Session: s-1", "Title: fix the build", "Events: 1", "Working: no", "Model: none")
                .contains(Replies.REMOTE_CONTROL_OFF);

        when(remoteControl.connection("s-1")).thenReturn(Optional.of(HOSTED));

        assertThat(noticeText(answer("/status")))
                .contains("Remote Control: online, https://relay.example/s/s-1")
                .doesNotContain("secret-code");
    }

    @Test
    void remoteControlTitlesTheSessionAndLogsTheSessionUrlButNotTheCode() throws IOException {
        when(remoteControl.start(session)).thenReturn(HOSTED);

        List<EventBody> answer = answer("/remote-control laptop");

        assertThat(answer.getFirst()).isEqualTo(new EventBody.Title("laptop", Titles.NAME));
        assertThat(((EventBody.Notice) answer.get(1)).text())
                .contains(HOSTED.sessionUrl())
                .doesNotContain("secret-code");
    }

    @Test
    void remoteControlThatCannotStartSaysWhyWithAStableCode() throws IOException {
        when(remoteControl.start(any())).thenThrow(new IOException("the relay refused the host token"));
        List<EventBody> failed = answer("/remote-control");
        assertThat(errorCode(failed)).isEqualTo("remote_control_failed");
        assertThat(((EventBody.Error) failed.getFirst()).message()).endsWith("the relay refused the host token");

        SlashCommands withoutRemoteControl = new SlashCommands(
                session, journal, RemoteControlPort.NONE, new Agent.Availability.Unavailable("none", ""), busy::get);
        assertThat(errorCode(answer(withoutRemoteControl, "/remote-control"))).isEqualTo("remote_control_unavailable");
    }

    @Test
    void aNameTooLongForATitleDoesNotReachTheRelay() throws IOException {
        assertThat(errorCode(answer("/remote-control " + "x".repeat(Titles.MAX_LENGTH + 1))))
                .isEqualTo("invalid_title");

        verify(remoteControl, never()).start(any());
    }

    @Test
    void mobileNeedsARelay() {
        assertThat(errorCode(answer("/mobile"))).isEqualTo("remote_control_off");

        when(remoteControl.connection("s-1")).thenReturn(Optional.of(HOSTED));

        assertThat(noticeText(answer("/mobile"))).contains("https://relay.example/");
    }
}
