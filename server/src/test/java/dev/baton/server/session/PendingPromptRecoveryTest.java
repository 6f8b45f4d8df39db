package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A permission prompt whose turn died with the backend must not stay on any surface. */
class PendingPromptRecoveryTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    @Test
    void aPromptLeftOpenByACrashIsClosedWhenTheSessionOpens() throws IOException {
        Session crashed = new SessionStore(home).create(null, workspace);
        crashed.close();
        var input = Json.MAPPER.createObjectNode().put("path", "a.txt").put("content", "x");
        // What a crash while a prompt waited leaves behind.
        try (EventLog log = EventLog.open(home.resolve(crashed.id()).resolve("events.jsonl"), Clock.systemUTC())) {
            log.append(List.of(
                    new EventDraft("in-1", "phone-1", new EventBody.UserMessage("write a.txt")),
                    new EventDraft("in-1", "phone-1", new EventBody.Status(true)),
                    new EventDraft("in-1", "phone-1", new EventBody.AssistantMessage("msg_1", "Writing.")),
                    new EventDraft("in-1", "phone-1", new EventBody.ToolCall("toolu_1", "Write", input)),
                    new EventDraft(
                            "in-1",
                            "phone-1",
                            new EventBody.PermissionRequest("toolu_1", "Write", input, "Write a.txt"))));
        }

        try (Session session = new SessionStore(home).open(crashed.id()).orElseThrow()) {
            assertThat(session.snapshot().pendingPermissions()).isEmpty();
            assertThat(session.snapshot().processing()).isFalse();
            List<Event> recovery = session.eventsAfter(5);
            assertThat(recovery).extracting(Event::type).containsExactly("tool_result", "notice", "status");
            assertThat(((EventBody.ToolResult) recovery.getFirst().body()).callId())
                    .isEqualTo("toolu_1");

            session.submit("late", "phone-1", new Input.Permission("toolu_1", Decision.ALLOW));
            List<Event> answer = Await.answer(session, "late");
            assertThat(answer)
                    .extracting(Event::body)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            EventBody.Error.class, e -> assertThat(e.code()).isEqualTo("permission_already_decided"));
        }
    }
}
