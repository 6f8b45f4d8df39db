package dev.baton.server.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.server.agent.model.ContentBlock;
import dev.baton.server.agent.model.Message;
import dev.baton.server.agent.model.Role;
import dev.baton.server.agent.tool.ToolOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {
    private final List<Event> log = new ArrayList<>();

    private void add(EventBody... bodies) {
        for (EventBody body : bodies) {
            log.add(new Event(log.size() + 1, Instant.EPOCH, "in", "editor", body));
        }
    }

    private static final com.fasterxml.jackson.databind.JsonNode INPUT =
            Json.MAPPER.createObjectNode().put("path", "a.txt");

    @Test
    void toolCallsJoinTheirAssistantMessageAndResultsComeBackFirstInTheNextUserMessage() {
        add(
                new EventBody.UserMessage("write a.txt"),
                new EventBody.Status(true),
                new EventBody.AssistantMessage("m1", "Writing."),
                new EventBody.ToolCall("t1", "Write", INPUT),
                new EventBody.PermissionRequest("t1", "Write", INPUT, "Write a.txt"),
                new EventBody.UserMessage("and hurry"), // sent while the call waited
                new EventBody.ToolResult("t1", false, "Denied by the user.", null));

        List<Message> messages = Conversation.rebuild(log);

        assertThat(messages).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(messages.get(1).content())
                .containsExactly(new ContentBlock.Text("Writing."), new ContentBlock.ToolUse("t1", "Write", INPUT));
        assertThat(messages.get(2).content())
                .containsExactly(
                        new ContentBlock.ToolResult("t1", "Denied by the user.", true),
                        new ContentBlock.Text("and hurry"));
    }

    @Test
    void shellAndSlashCommandsAreNotPartOfTheConversationAndUserTextIsMerged() {
        add(
                new EventBody.UserMessage("first"),
                new EventBody.Error("model_server_error", "gave up"),
                new EventBody.UserMessage("!ls"),
                new EventBody.ToolCall(
                        "call_1", "shell", Json.MAPPER.createObjectNode().put("command", "ls")),
                new EventBody.ToolResult("call_1", true, "a.txt", 0),
                new EventBody.UserMessage("/status"),
                new EventBody.UserMessage("second"));

        assertThat(Conversation.rebuild(log))
                .containsExactly(
                        Message.user(List.of(new ContentBlock.Text("first"), new ContentBlock.Text("second"))));
    }

    @Test
    void theConversationStartsAfterTheLastClear() {
        add(
                new EventBody.UserMessage("old"),
                new EventBody.AssistantMessage("m1", "old answer"),
                new EventBody.ConversationCleared(),
                new EventBody.UserMessage("new"));

        assertThat(Conversation.rebuild(log)).containsExactly(Message.user("new"));
    }

    @Test
    void largeOutputsAreCutForTheModelAndEmptyOnesSaySo() {
        String large = "x".repeat(ToolOutcome.MODEL_LIMIT + 5_000);
        add(
                new EventBody.UserMessage("go"),
                new EventBody.AssistantMessage("m1", ""),
                new EventBody.ToolCall("t1", "Read", INPUT),
                new EventBody.ToolCall("t2", "Read", INPUT),
                new EventBody.ToolResult("t1", true, large, null),
                new EventBody.ToolResult("t2", true, "", null));

        List<Message> messages = Conversation.rebuild(log);

        assertThat(messages.get(1).content()).hasSize(2).allMatch(ContentBlock.ToolUse.class::isInstance);
        List<ContentBlock> results = messages.get(2).content();
        String cut = ((ContentBlock.ToolResult) results.get(0)).content();
        assertThat(cut.length()).isLessThan(ToolOutcome.MODEL_LIMIT + 200);
        assertThat(cut.substring(ToolOutcome.MODEL_LIMIT)).contains("output truncated: 5000 more characters");
        assertThat(((ContentBlock.ToolResult) results.get(1)).content()).isEqualTo("(no output)");
    }
}
