package dev.baton.server.agent.model;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation. User messages hold text and tool results; assistant messages hold
 * text and tool uses.
 */
public record Message(Role role, List<ContentBlock> content) {
    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one content block");
        }
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new ContentBlock.Text(text)));
    }

    public static Message user(List<? extends ContentBlock> content) {
        return new Message(Role.USER, List.copyOf(content));
    }

    public static Message assistant(List<? extends ContentBlock> content) {
        return new Message(Role.ASSISTANT, List.copyOf(content));
    }

    /** The tool uses in this message, in order. */
    public List<ContentBlock.ToolUse> toolUses() {
        return content.stream()
                .filter(ContentBlock.ToolUse.class::isInstance)
                .map(ContentBlock.ToolUse.class::cast)
                .toList();
    }

    /** All text blocks joined, for display. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
