package dev.baton.server.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventTextTest {
    private final List<String> lines = new ArrayList<>();
    private final EventText text =
            new EventText(lines::add, Set.of("mine"), id -> id.equals("dev-1") ? "phone" : id, () -> false);
    private long seq;

    @Test
    void streamedLinesAreNotPrintedAgainWhenTheMessageCommits() {
        text.delta("m1", "first ");
        text.delta("m1", "line\nsecond");
        assertThat(lines).containsExactly("first line");

        commit(null, null, new EventBody.AssistantMessage("m1", "first line\nsecond line."));

        assertThat(lines).containsExactly("first line", "second line.");
    }

    @Test
    void aMessageWithoutDeltasIsPrintedWhole() {
        commit(null, null, new EventBody.AssistantMessage("m2", "All done.\n"));

        assertThat(lines).containsExactly("All done.");
    }

    @Test
    void ownMessagesAreLeftToTheLineEditorAndOthersSayWhereTheyCameFrom() {
        commit("mine", "terminal", new EventBody.UserMessage("typed here"));
        commit("theirs", "dev-1", new EventBody.UserMessage("typed on the phone"));
        commit("old", "terminal", new EventBody.UserMessage("typed in an earlier run"));

        assertThat(lines).containsExactly("› typed on the phone   (from phone)", "› typed in an earlier run");
    }

    @Test
    void toolsArePrintedAsOneLineEachAndDecisionsNameWhoAnswered() {
        commit(null, null, new EventBody.ToolCall("c1", "Edit", Json.MAPPER.valueToTree(Map.of("path", "src/app.ts"))));
        commit(null, null, new EventBody.ToolResult("c1", true, "line one\nline two\nline three", null));
        commit(null, null, new EventBody.ToolResult("c2", false, "boom", 2));
        commit(null, null, new EventBody.ToolResult("c3", false, "", 130));
        commit(null, null, new EventBody.PermissionRequest("r1", "Write", null, "Write notes.txt"));
        commit("in", "dev-1", new EventBody.PermissionDecision("r1", Decision.ALLOW_ALWAYS));

        assertThat(lines)
                .containsExactly(
                        "● Edit src/app.ts",
                        "  ⎿ line one  (+2 lines)",
                        "  ⎿ exit 2: boom",
                        "  ⎿ exit 130",
                        "? Allow Write: Write notes.txt   [y] allow  [n] deny  [a] always allow",
                        "  Write always allowed (answered on phone)");
    }

    @Test
    void aToolResultIsCutToAHundredColumnsNotAHundredChars() {
        commit(null, null, new EventBody.ToolResult("c1", true, "输出".repeat(40), null));
        commit(null, null, new EventBody.ToolResult("c2", true, "a".repeat(98) + "🚀 and more", null));

        assertThat(lines).containsExactly("  ⎿ " + "输出".repeat(24) + "输…", "  ⎿ " + "a".repeat(98) + "…");
    }

    @Test
    void aCommandTypedHereShowsItsOutputWholeAndTheAgentsToolsAndOtherDevicesCommandsOneLine() {
        commit("mine", "terminal", new EventBody.UserMessage("!ls"));
        commit(
                "mine",
                "terminal",
                new EventBody.ToolCall("c1", "shell", Json.MAPPER.valueToTree(Map.of("command", "ls"))));
        commit("mine", "terminal", new EventBody.ToolResult("c1", false, "a\nb\nc", 2));
        commit("theirs", "dev-1", new EventBody.UserMessage("!ls"));
        commit(
                "theirs",
                "dev-1",
                new EventBody.ToolCall("c2", "shell", Json.MAPPER.valueToTree(Map.of("command", "ls"))));
        commit("theirs", "dev-1", new EventBody.ToolResult("c2", true, "a\nb\nc", 0));
        commit(
                "mine",
                "terminal",
                new EventBody.ToolCall("c3", "Shell", Json.MAPPER.valueToTree(Map.of("command", "ls"))));
        commit("mine", "terminal", new EventBody.ToolResult("c3", true, "a\nb\nc", 0));

        assertThat(lines)
                .containsExactly(
                        "● shell ls",
                        "  ⎿ exit 2: a\n    b\n    c",
                        "› !ls   (from phone)",
                        "● shell ls",
                        "  ⎿ a  (+2 lines)",
                        "● Shell ls",
                        "  ⎿ a  (+2 lines)");
    }

    @Test
    void aCommandTypedHereStopsPrintingAfterItsLineLimitAndSaysHowManyWereLeft() {
        String output = IntStream.rangeClosed(1, EventText.COMMAND_LINES + 5)
                .mapToObj(Integer::toString)
                .collect(Collectors.joining("\n"));
        commit("mine", "terminal", new EventBody.UserMessage("!seq 205"));
        commit(
                "mine",
                "terminal",
                new EventBody.ToolCall("c1", "shell", Json.MAPPER.valueToTree(Map.of("command", "seq 205"))));
        commit("mine", "terminal", new EventBody.ToolResult("c1", true, output, 0));

        List<String> shown = lines.getLast().lines().toList();
        assertThat(shown).hasSize(EventText.COMMAND_LINES + 1);
        assertThat(shown.getFirst()).isEqualTo("  ⎿ 1");
        assertThat(shown.get(EventText.COMMAND_LINES - 1)).isEqualTo("    " + EventText.COMMAND_LINES);
        assertThat(shown.getLast()).isEqualTo("    (+5 more lines)");
    }

    @Test
    void withRemoteControlOnAPromptSaysADeviceMayAnswerItToo() {
        EventText shared = new EventText(lines::add, Set.of(), id -> id, () -> true);

        shared.events(List.of(new Event(
                1, Instant.EPOCH, null, null, new EventBody.PermissionRequest("r1", "Shell", null, "npm test"))));

        assertThat(lines)
                .containsExactly("? Allow Shell: npm test   [y] allow  [n] deny  [a] always allow"
                        + "  (here or on a device: the first answer counts)");
    }

    private void commit(String inputId, String origin, EventBody body) {
        text.events(List.of(new Event(++seq, Instant.EPOCH, inputId, origin, body)));
    }
}
