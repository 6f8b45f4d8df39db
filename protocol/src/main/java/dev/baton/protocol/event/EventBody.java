package dev.baton.protocol.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Nullable;

/** What happened in a session; {@link Event} adds where it sits in the log and who caused it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(EventBody.UserMessage.class),
    @JsonSubTypes.Type(EventBody.AssistantMessage.class),
    @JsonSubTypes.Type(EventBody.ToolCall.class),
    @JsonSubTypes.Type(EventBody.ToolResult.class),
    @JsonSubTypes.Type(EventBody.PermissionRequest.class),
    @JsonSubTypes.Type(EventBody.PermissionDecision.class),
    @JsonSubTypes.Type(EventBody.Status.class),
    @JsonSubTypes.Type(EventBody.Title.class),
    @JsonSubTypes.Type(EventBody.Notice.class),
    @JsonSubTypes.Type(EventBody.Error.class),
    @JsonSubTypes.Type(EventBody.ConversationCleared.class),
})
public sealed interface EventBody {

    @JsonTypeName("user_message")
    record UserMessage(String text) implements EventBody {}

    @JsonTypeName("assistant_message")
    record AssistantMessage(String messageId, String text) implements EventBody {}

    @JsonTypeName("tool_call")
    record ToolCall(String callId, String tool, JsonNode input) implements EventBody {}

    /** @param exitCode the process exit status, for shell tools only */
    @JsonTypeName("tool_result")
    record ToolResult(String callId, boolean ok, String output, @Nullable Integer exitCode) implements EventBody {}

    @JsonTypeName("permission_request")
    record PermissionRequest(String requestId, String tool, JsonNode input, String summary) implements EventBody {}

    @JsonTypeName("permission_decision")
    record PermissionDecision(String requestId, Decision decision) implements EventBody {}

    @JsonTypeName("status")
    record Status(boolean processing) implements EventBody {}

    /** @param source why the title changed: {@code name}, {@code rename}, {@code prompt}, … */
    @JsonTypeName("title")
    record Title(String title, String source) implements EventBody {}

    @JsonTypeName("notice")
    record Notice(String text) implements EventBody {}

    @JsonTypeName("error")
    record Error(String code, String message) implements EventBody {}

    /**
     * {@code /clear}: the conversation the model sees starts again after this event; the log (and
     * what surfaces show) keeps everything before it.
     */
    @JsonTypeName("conversation_cleared")
    record ConversationCleared() implements EventBody {}
}
