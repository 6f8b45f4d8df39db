package dev.baton.server.agent.provider;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawContentBlockDeltaEvent;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Anthropic Messages API through the official SDK, streamed: from Anthropic itself, or from
 * Bedrock or Vertex AI when the client has the SDK's backend for them.
 */
final class AnthropicApi implements ModelApi {
    private final AnthropicClient client;
    private final String name;

    /** @param name who serves the model, for messages: "Anthropic", "Amazon Bedrock", "Google Vertex AI" */
    AnthropicApi(AnthropicClient client, String name) {
        this.client = client;
        this.name = name;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public ModelResponse attempt(ModelRequest request, Consumer<ModelEvent> emit) throws ModelException {
        try (StreamResponse<RawMessageStreamEvent> response = client.messages().createStreaming(params(request))) {
            Answer answer = new Answer(name, emit);
            Iterator<RawMessageStreamEvent> events = response.stream().iterator();
            while (events.hasNext()) {
                Optional<ModelResponse> done = answer.on(events.next());
                if (done.isPresent()) {
                    return done.get();
                }
            }
            throw new ModelException(
                    name, new ModelFailure.ConnectionLost("the stream ended before the answer was complete"), null);
        } catch (AnthropicServiceException e) {
            JsonNode body = e.body().convert(JsonNode.class);
            ModelFailure failure = HttpFailures.of(e.statusCode(), body, name -> e.headers().values(name).stream()
                    .findFirst());
            throw new ModelException(name, failure, e);
        } catch (CredentialsUnavailableException e) {
            throw new ModelException(name, new ModelFailure.CredentialsUnavailable(e.getMessage()), e);
        } catch (AnthropicException | UncheckedIOException e) {
            throw new ModelException(name, new ModelFailure.ConnectionLost(e.getMessage()), e);
        }
    }

    /** Assembles the streamed answer, block by block. */
    private static final class Answer {
        private final String name;
        private final Consumer<ModelEvent> emit;
        private final Map<Long, Object> blocks = new TreeMap<>();
        private StopReason stopReason = StopReason.OTHER;
        private long inputTokens;
        private long outputTokens;

        Answer(String name, Consumer<ModelEvent> emit) {
            this.name = name;
            this.emit = emit;
        }

        Optional<ModelResponse> on(RawMessageStreamEvent event) throws ModelException {
            if (event.isMessageStart()) {
                inputTokens = event.asMessageStart().message().usage().inputTokens();
            } else if (event.isContentBlockStart()) {
                start(event.asContentBlockStart());
            } else if (event.isContentBlockDelta()) {
                delta(event.asContentBlockDelta());
            } else if (event.isContentBlockStop()) {
                stop(event.asContentBlockStop().index());
            } else if (event.isMessageDelta()) {
                var delta = event.asMessageDelta();
                delta.delta().stopReason().ifPresent(reason -> stopReason = stopReason(reason.asString()));
                outputTokens = delta.usage().outputTokens();
                delta.usage().inputTokens().ifPresent(tokens -> inputTokens = tokens);
            } else if (event.isMessageStop()) {
                Usage usage = new Usage(inputTokens, outputTokens);
                emit.accept(new ModelEvent.MessageStop(stopReason, usage));
                return Optional.of(new ModelResponse(Message.assistant(content()), stopReason, usage));
            }
            return Optional.empty();
        }

        private void start(RawContentBlockStartEvent start) {
            var block = start.contentBlock();
            if (block.isText()) {
                blocks.put(start.index(), new StringBuilder(block.asText().text()));
            } else if (block.isToolUse()) {
                var toolUse = block.asToolUse();
                blocks.put(start.index(), new PendingToolUse(toolUse.id(), toolUse.name(), new StringBuilder()));
            }
            // Thinking and server-tool blocks are not requested, so they are not kept.
        }

        private void delta(RawContentBlockDeltaEvent event) {
            Object block = blocks.get(event.index());
            var delta = event.delta();
            if (delta.isText() && block instanceof StringBuilder text) {
                String piece = delta.asText().text();
                text.append(piece);
                emit.accept(new ModelEvent.TextDelta(piece));
            } else if (delta.isInputJson() && block instanceof PendingToolUse tool) {
                tool.json().append(delta.asInputJson().partialJson());
            }
        }

        private void stop(long index) throws ModelException {
            if (blocks.get(index) instanceof PendingToolUse tool) {
                ContentBlock.ToolUse parsed = ToolInputs.parse(
                        name, tool.id(), tool.name(), tool.json().toString());
                blocks.put(index, parsed);
                emit.accept(new ModelEvent.ToolUseComplete(parsed));
            }
        }

        private List<ContentBlock> content() {
            List<ContentBlock> content = new ArrayList<>();
            for (Object block : blocks.values()) {
                if (block instanceof StringBuilder text && !text.isEmpty()) {
                    content.add(new ContentBlock.Text(text.toString()));
                } else if (block instanceof ContentBlock.ToolUse toolUse) {
                    content.add(toolUse);
                }
            }
            return content.isEmpty() ? List.of(new ContentBlock.Text("")) : content;
        }
    }

    private record PendingToolUse(String id, String name, StringBuilder json) {}

    static StopReason stopReason(String value) {
        return switch (value) {
            case "end_turn", "pause_turn" -> StopReason.END_TURN;
            case "tool_use" -> StopReason.TOOL_USE;
            case "max_tokens" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "refusal" -> StopReason.REFUSAL;
            default -> StopReason.OTHER;
        };
    }

    static MessageCreateParams params(ModelRequest request) {
        MessageCreateParams.Builder params =
                MessageCreateParams.builder().model(request.model()).maxTokens(request.maxTokens());
        if (request.system() != null && !request.system().isBlank()) {
            params.system(request.system());
        }
        for (Message message : request.messages()) {
            params.addMessage(MessageParam.builder()
                    .role(message.role() == Role.USER ? MessageParam.Role.USER : MessageParam.Role.ASSISTANT)
                    .contentOfBlockParams(
                            message.content().stream().map(AnthropicApi::block).toList())
                    .build());
        }
        for (ToolSpec tool : request.tools()) {
            params.addTool(tool(tool));
        }
        return params.build();
    }

    private static ContentBlockParam block(ContentBlock block) {
        return switch (block) {
            case ContentBlock.Text text -> ContentBlockParam.ofText(
                    TextBlockParam.builder().text(text.text()).build());
            case ContentBlock.ToolUse use -> ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                    .id(use.id())
                    .name(use.name())
                    .input(ToolUseBlockParam.Input.builder()
                            .additionalProperties(fields(use.input()))
                            .build())
                    .build());
            case ContentBlock.ToolResult result -> ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                    .toolUseId(result.toolUseId())
                    .content(result.content())
                    .isError(result.isError())
                    .build());
        };
    }

    private static Tool tool(ToolSpec spec) {
        JsonNode schema = spec.inputSchema();
        Tool.InputSchema.Builder input = Tool.InputSchema.builder();
        Map<String, JsonValue> rest = fields(schema);
        rest.remove("type");
        if (schema.has("properties")) {
            input.properties(JsonValue.fromJsonNode(schema.get("properties")));
            rest.remove("properties");
        }
        if (schema.has("required")) {
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(name -> required.add(name.asText()));
            input.required(required);
            rest.remove("required");
        }
        input.additionalProperties(rest);
        return Tool.builder()
                .name(spec.name())
                .description(spec.description())
                .inputSchema(input.build())
                .build();
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
