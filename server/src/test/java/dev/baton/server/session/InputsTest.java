package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private SessionStore store;
    private Session session;

    @BeforeEach
    void createSession() {
        store = new SessionStore(home);
        session = store.create(null, workspace);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void aRepeatedInputIdIsAppliedOnce() {
        session.submit("in-1", "phone-1", new Input.Message("!echo once"));
        session.submit("in-1", "phone-1", new Input.Message("!echo once"));
        session.submit("in-2", "editor", new Input.Message("/help"));
        Await.answer(session, "in-2");
        Await.workDone(session, "in-1");
        session.submit("in-1", "phone-2", new Input.Message("!echo once"));
        session.submit("in-3", "editor", new Input.Message("/help"));
        Await.answer(session, "in-3");

        assertThat(Await.stamped(session, "in-1"))
                .extracting(Event::type)
                .containsExactly("user_message", "status", "tool_call", "tool_result", "status");
    }

    @Test
    void aRepeatedInputIdIsIgnoredAfterARestart() {
        session.submit("in-1", "phone-1", new Input.Rename("before restart"));
        Await.answer(session, "in-1");
        session.close();

        session = new SessionStore(home).open(session.id()).orElseThrow();
        long before = session.cursor().seq();
        session.submit("in-1", "phone-1", new Input.Rename("after restart"));
        session.submit("in-2", "phone-1", new Input.Message("/help"));
        Await.answer(session, "in-2");

        assertThat(session.eventsAfter(before)).extracting(Event::inputId).containsOnly("in-2");
        assertThat(session.snapshot().title()).isEqualTo("before restart");
    }

    @Test
    void slashRenameAndTheRenameInputSetTheTitle() {
        session.submit("in-1", "editor", new Input.Message("/rename  Fix   the build "));
        assertThat(Await.answer(session, "in-1"))
                .extracting(Event::body)
                .containsExactly(
                        new EventBody.UserMessage("/rename  Fix   the build "),
                        new EventBody.Title("Fix the build", "rename"));

        session.submit("in-2", "phone-1", new Input.Rename("Ship it"));
        assertThat(Await.answer(session, "in-2"))
                .extracting(Event::body)
                .containsExactly(new EventBody.Title("Ship it", "rename"));
        assertThat(session.snapshot().title()).isEqualTo("Ship it");
        assertThat(store.list()).singleElement().extracting(SessionInfo::title).isEqualTo("Ship it");
    }

    @Test
    void renameWithoutATitleIsAnError() {
        session.submit("in-1", "editor", new Input.Command("rename", " "));

        assertThat(Await.answer(session, "in-1")).extracting(Event::type).containsExactly("user_message", "error");
        assertThat(error(Await.stamped(session, "in-1")).code()).isEqualTo("missing_argument");
    }

    @Test
    void helpListsTheCommands() {
        session.submit("in-1", "editor", new Input.Command("help", null));

        List<Event> events = Await.answer(session, "in-1");
        assertThat(events.get(0).body()).isEqualTo(new EventBody.UserMessage("/help"));
        assertThat(((EventBody.Notice) events.get(1).body()).text()).contains("/help", "/rename NAME", "/status", "!");
    }

    @Test
    void statusReportsTheSession() {
        session.submit("in-0", "editor", new Input.Rename("my title"));
        Await.answer(session, "in-0");
        session.submit("in-1", "editor", new Input.Message("/status"));

        String text = ((EventBody.Notice) Await.answer(session, "in-1").get(1).body()).text();
        assertThat(text)
                .contains(session.id(), "my title", workspace.toAbsolutePath().toString(), "Events: 1", "Model: none");
    }

    @Test
    void anUnknownCommandIsAnErrorThatPointsToHelp() {
        session.submit("in-1", "editor", new Input.Message("/frobnicate now"));

        EventBody.Error error = error(Await.answer(session, "in-1"));
        assertThat(error.code()).isEqualTo("unknown_command");
        assertThat(error.message()).contains("/frobnicate", "/help");
    }

    @Test
    void aPlainMessageWithoutAModelSaysHowToConfigureOneAndTitlesTheSession() {
        String prompt = "Please refactor the payment module so that every provider shares one retry policy\nmore";
        session.submit("in-1", "editor", new Input.Message(prompt));

        List<Event> events = Await.answer(session, "in-1");
        assertThat(events).extracting(Event::type).containsExactly("user_message", "title", "notice");
        EventBody.Title title = (EventBody.Title) events.get(1).body();
        assertThat(title.source()).isEqualTo("prompt");
        assertThat(title.title()).hasSize(60).endsWith("…").startsWith("Please refactor the payment module");
        assertThat(((EventBody.Notice) events.get(2).body()).text())
                .contains("ANTHROPIC_API_KEY", "$BATON_HOME/config.json");

        session.submit("in-2", "editor", new Input.Message("second prompt"));
        assertThat(Await.answer(session, "in-2")).extracting(Event::type).containsExactly("user_message", "notice");
    }

    @Test
    void aShellCommandDoesNotTitleTheSession() {
        session.submit("in-1", "editor", new Input.Message("!true"));
        Await.workDone(session, "in-1");

        assertThat(session.snapshot().title()).isNull();
    }

    @Test
    void interruptWithNothingRunningSaysSo() {
        session.submit("in-1", "editor", new Input.Interrupt());

        assertThat(Await.answer(session, "in-1"))
                .extracting(Event::body)
                .containsExactly(new EventBody.Notice(Replies.NOTHING_TO_INTERRUPT));
    }

    @Test
    void answeringAnUnknownPermissionRequestIsAnError() {
        session.submit("in-1", "phone-1", new Input.Permission("req-404", Decision.ALLOW));

        EventBody.Error error = error(Await.answer(session, "in-1"));
        assertThat(error.code()).isEqualTo("unknown_permission_request");
        assertThat(error.message()).contains("req-404");
    }

    @Test
    void anEmptyMessageIsAnError() {
        session.submit("in-1", "editor", new Input.Message("  "));

        assertThat(error(Await.answer(session, "in-1")).code()).isEqualTo("empty_message");
    }

    private static EventBody.Error error(List<Event> events) {
        return events.stream()
                .map(Event::body)
                .filter(EventBody.Error.class::isInstance)
                .map(EventBody.Error.class::cast)
                .findFirst()
                .orElseThrow();
    }
}
