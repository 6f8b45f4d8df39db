package dev.baton.server.servermode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.server.terminal.ScreenState.Activity;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A session's line on the screen follows its events: the tool at work, then idle again. */
class SessionActivityTest {
    private final AtomicInteger changes = new AtomicInteger();
    private final SessionActivity activity = new SessionActivity("api", changes::incrementAndGet);

    @Test
    void aToolCallShowsTheToolAndWhatItWorksOnUntilItsResult() {
        activity.onSnapshot(new Snapshot("api", true, List.of(), false));
        activity.onEvents(List.of(event(
                1,
                new EventBody.ToolCall(
                        "c1", "Edit", Json.MAPPER.createObjectNode().put("path", "src/app.ts")))));

        assertThat(activity.activity()).isEqualTo(Activity.WORKING);
        assertThat(activity.tool()).isEqualTo("Edit src/app.ts");

        activity.onEvents(List.of(event(2, new EventBody.ToolResult("c1", true, "ok", null))));
        activity.onSnapshot(new Snapshot("api", false, List.of(), false));

        assertThat(activity.tool()).isNull();
        assertThat(activity.activity()).isEqualTo(Activity.IDLE);
        assertThat(changes).hasValue(4);
    }

    @Test
    void aPendingPermissionIsWaitingAndATitleRenamesTheLine() {
        Event prompt = event(3, new EventBody.PermissionRequest("r1", "Shell", null, "npm test"));
        activity.onSnapshot(new Snapshot("api", true, List.of(prompt), false));
        activity.onEvents(List.of(event(4, new EventBody.Title("payments", "user"))));

        assertThat(activity.activity()).isEqualTo(Activity.WAITING_FOR_PERMISSION);
        assertThat(activity.title()).isEqualTo("payments");
    }

    @Test
    void aShellCommandIsLabelledWithItsFirstCharacters() {
        assertThat(SessionActivity.label("Shell", Json.MAPPER.createObjectNode().put("command", "npm   test")))
                .isEqualTo("Shell npm test");
        assertThat(SessionActivity.label("Shell", Json.MAPPER.createObjectNode().put("command", "x".repeat(80))))
                .hasSize("Shell ".length() + 60)
                .endsWith("…");
        assertThat(SessionActivity.label("Think", null)).isEqualTo("Think");
    }

    @Test
    void aLabelIsCutToSixtyColumns() {
        assertThat(SessionActivity.label(
                        "Shell", Json.MAPPER.createObjectNode().put("command", "echo " + "你好".repeat(20))))
                .isEqualTo("Shell echo " + "你好".repeat(13) + "你…");
    }

    private static Event event(long seq, EventBody body) {
        return new Event(seq, Instant.EPOCH, null, "terminal", body);
    }
}
