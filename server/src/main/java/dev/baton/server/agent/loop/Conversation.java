package dev.baton.server.agent.loop;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.server.agent.model.ContentBlock;
import dev.baton.server.agent.model.Message;
import dev.baton.server.agent.tool.ToolOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The conversation the model sees, rebuilt from the session's log. The log is the only memory: a
 * resumed session, or one continued from another device, sends the same context as one that never
 * stopped.
 *
 * <p>Only the model's part of the log counts: plain user messages, assistant messages, and the tool
 * calls made by an assistant message with their results. {@code !commands} and {@code /commands} are
 * the person's own business. Everything before the last {@code conversation_cleared} is forgotten.
 * Consecutive user content (a message after a failed turn, tool results then a new message) is merged
 * into one message, since the APIs want user and assistant to alternate.
 */
final class Conversation {
    private final List<Message> messages = new ArrayList<>();
    private final Set<String> modelCalls = new HashSet<>();
    /** The next user message: tool results first (the APIs require it), then text. */
    private List<ContentBlock> results = new ArrayList<>();

    private List<ContentBlock> texts = new ArrayList<>();
    private List<ContentBlock> assistant;

    private Conversation() {}

    static List<Message> rebuild(List<Event> log) {
        Conversation conversation = new Conversation();
        log.forEach(event -> conversation.add(event.body()));
        conversation.endAssistant();
        conversation.endUser();
        return List.copyOf(conversation.messages);
    }

    private void add(EventBody body) {
        switch (body) {
            case EventBody.UserMessage said -> {
                if (!said.text().startsWith("!") && !said.text().startsWith("/")) {
                    endAssistant();
                    texts.add(new ContentBlock.Text(said.text()));
                }
            }
            case EventBody.AssistantMessage answer -> {
                endAssistant();
                endUser();
                assistant = new ArrayList<>();
                if (!answer.text().isEmpty()) {
                    assistant.add(new ContentBlock.Text(answer.text()));
                }
            }
            case EventBody.ToolCall call -> {
                if (assistant != null && call.input() != null && call.input().isObject()) {
                    assistant.add(new ContentBlock.ToolUse(call.callId(), call.tool(), call.input()));
                    modelCalls.add(call.callId());
                }
            }
            case EventBody.ToolResult result -> {
                if (modelCalls.remove(result.callId())) {
                    endAssistant();
                    String output = new ToolOutcome(result.ok(), result.output(), result.exitCode()).forModel();
                    results.add(new ContentBlock.ToolResult(
                            result.callId(), output.isEmpty() ? "(no output)" : output, !result.ok()));
                }
            }
            case EventBody.ConversationCleared cleared -> {
                messages.clear();
                modelCalls.clear();
                results = new ArrayList<>();
                texts = new ArrayList<>();
                assistant = null;
            }
            default -> {}
        }
    }

    private void endAssistant() {
        if (assistant != null && !assistant.isEmpty()) {
            messages.add(Message.assistant(assistant));
        }
        assistant = null;
    }

    private void endUser() {
        List<ContentBlock> content = new ArrayList<>(results);
        content.addAll(texts);
        if (!content.isEmpty()) {
            messages.add(Message.user(content));
        }
        results = new ArrayList<>();
        texts = new ArrayList<>();
    }
}
