package dev.baton.server.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.baton.server.agent.model.ContentBlock;
import dev.baton.server.agent.model.Message;
import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelRequest;
import dev.baton.server.agent.model.ModelResponse;
import dev.baton.server.agent.model.Role;
import dev.baton.server.agent.model.StopReason;
import dev.baton.server.agent.model.ToolSpec;
import dev.baton.server.agent.model.Usage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio)
 * through the official OpenAI SDK, streamed.
 */
final class OpenAiApi implements ModelApi {
    private final OpenAIClient client;
    private final String displayName;
    /**
     * OpenAI's own API wants {@code max_completion_tokens} (its newer models reject {@code
     * max_tokens}); the compatible servers know {@code max_tokens}.
     */
    private final boolean officialApi;

    OpenAiApi(OpenAIClient client, String displayName, boolean officialApi) {
        this.client = client;
        this.displayName = displayName;
        this.officialApi = officialApi;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public ModelResponse attempt(ModelRequest request, Consumer<ModelEvent> emit) throws ModelException {
        try (StreamResponse<ChatCompletionChunk> response =
                client.chat().completions().createStreaming(params(request))) {
            Answer answer = new Answer(emit);
            Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
            while (chunks.hasNext()) {
                answer.on(chunks.next());
            }
            return answer.finish(displayName);
        } catch (OpenAIServiceException e) {
            JsonNode body = e.body().convert(JsonNode.class);
            ModelFailure failure = HttpFailures.of(e.statusCode(), body, name -> e.headers().values(name).stream()
                    .findFirst());
            throw new ModelException(displayName, failure, e);
        } catch (OpenAIException | UncheckedIOException e) {
            throw new ModelException(displayName, new ModelFailure.ConnectionLost(e.getMessage()), e);
        }
    }

    /** Assembles the streamed answer: text as it comes, tool calls from fragments keyed by index. */
    private static final class Answer {
        private final Consumer<ModelEvent> emit;
        private final StringBuilder text = new StringBuilder();
        private final Map<Long, PendingToolCall> toolCalls = new TreeMap<>();
        private String finishReason;
        private Usage usage = Usage.NONE;

        Answer(Consumer<ModelEvent> emit) {
            this.emit = emit;
        }

        void on(ChatCompletionChunk chunk) {
            chunk.usage().ifPresent(u -> usage = new Usage(u.promptTokens(), u.completionTokens()));
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                if (choice.index() != 0) {
                    continue; // one completion is asked for; ignore any others
                }
                ChatCompletionChunk.Choice.Delta delta = choice.delta();
                delta.content().filter(piece -> !piece.isEmpty()).ifPresent(piece -> {
                    text.append(piece);
                    emit.accept(new ModelEvent.TextDelta(piece));
                });
                delta.toolCalls().ifPresent(calls -> calls.forEach(this::toolCallFragment));
                choice.finishReason().ifPresent(reason -> finishReason = reason.asString());
            }
        }

        private void toolCallFragment(ChatCompletionChunk.Choice.Delta.ToolCall fragment) {
            PendingToolCall call = toolCalls.computeIfAbsent(fragment.index(), index -> new PendingToolCall());
            fragment.id().ifPresent(id -> call.id = id);
            fragment.function().ifPresent(function -> {
                function.name().ifPresent(name -> call.name = name);
                function.arguments().ifPresent(call.arguments::append);
            });
        }

        ModelResponse finish(String provider) throws ModelException {
            if (finishReason == null) {
                throw new ModelException(
                        provider,
                        new ModelFailure.ConnectionLost("the stream ended before the answer was complete"),
                        null);
            }
            List<ContentBlock> content = new ArrayList<>();
            if (!text.isEmpty()) {
                content.add(new ContentBlock.Text(text.toString()));
            }
            for (PendingToolCall call : toolCalls.values()) {
                // Some local servers leave out the id; the conversation still needs one to pair the result.
                String id = call.id != null ? call.id : "call_" + UUID.randomUUID();
                ContentBlock.ToolUse toolUse = ToolInputs.parse(provider, id, call.name, call.arguments.toString());
                content.add(toolUse);
                emit.accept(new ModelEvent.ToolUseComplete(toolUse));
            }
            // Some servers (Ollama among them) finish a tool call with "stop".
            StopReason stopReason = toolCalls.isEmpty() ? stopReason(finishReason) : StopReason.TOOL_USE;
            emit.accept(new ModelEvent.MessageStop(stopReason, usage));
            return new ModelResponse(
                    Message.assistant(content.isEmpty() ? List.of(new ContentBlock.Text("")) : content),
                    stopReason,
                    usage);
        }
    }

    private static final class PendingToolCall {
        private String id;
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();
    }

    static StopReason stopReason(String finishReason) {
        return switch (finishReason) {
            case "stop" -> StopReason.END_TURN;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "length" -> StopReason.MAX_TOKENS;
            case "content_filter" -> StopReason.REFUSAL;
            default -> StopReason.OTHER;
        };
    }

    ChatCompletionCreateParams params(ModelRequest request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.model())
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build());
        if (officialApi) {
            params.maxCompletionTokens(request.maxTokens());
        } else {
            params.maxTokens(request.maxTokens());
        }
        if (request.system() != null && !request.system().isBlank()) {
            params.addSystemMessage(request.system());
        }
        for (Message message : request.messages()) {
            if (message.role() == Role.USER) {
                addUserMessage(params, message);
            } else {
                addAssistantMessage(params, message);
            }
        }
        for (ToolSpec tool : request.tools()) {
            params.addTool(ChatCompletionFunctionTool.builder()
                    .function(FunctionDefinition.builder()
                            .name(tool.name())
                            .description(tool.description())
                            .parameters(FunctionParameters.builder()
                                    .additionalProperties(fields(tool.inputSchema()))
                                    .build())
                            .build())
                    .build());
        }
        return params.build();
    }

    /**
     * Tool results become {@code tool} messages, which must directly follow the assistant message
     * that called them; any text of the same user turn follows as a user message.
     */
    private static void addUserMessage(ChatCompletionCreateParams.Builder params, Message message) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            switch (block) {
                case ContentBlock.ToolResult result -> params.addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(result.toolUseId())
                        // The API has no error flag, so the model is told in words.
                        .content(result.isError() ? "Error: " + result.content() : result.content())
                        .build());
                case ContentBlock.Text t -> text.append(t.text());
                case ContentBlock.ToolUse use -> throw new IllegalArgumentException(
                        "a user message cannot hold a tool use (" + use.name() + ")");
            }
        }
        if (!text.isEmpty()) {
            params.addUserMessage(text.toString());
        }
    }

    private static void addAssistantMessage(ChatCompletionCreateParams.Builder params, Message message) {
        ChatCompletionAssistantMessageParam.Builder assistant = ChatCompletionAssistantMessageParam.builder();
        String text = message.text();
        if (!text.isEmpty()) {
            assistant.content(text);
        }
        for (ContentBlock.ToolUse use : message.toolUses()) {
            assistant.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                    .id(use.id())
                    .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(use.name())
                            .arguments(use.input().toString())
                            .build())
                    .build());
        }
        params.addMessage(assistant.build());
    }

    private static Map<String, JsonValue> fields(JsonNode object) {
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> fields.put(field.getKey(), JsonValue.fromJsonNode(field.getValue())));
        return fields;
    }

    @Override
    public void close() {
        client.close();
    }
}
