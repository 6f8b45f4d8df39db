package dev.baton.server.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.RecordedModelRequest;
import dev.baton.fixtures.model.Reply;
import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest extends ProviderContractTest {
    @Override
    ModelProvider provider(FakeModelServer server, RetryPolicy retries) {
        return ModelProviders.anthropic("sk-ant-test", server.anthropicBaseUrl(), retries);
    }

    @Override
    void assertCarriesToolCallAndResult(RecordedModelRequest request) {
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertAnthropicToolCallAndResult(request);
    }

    /** The Messages API's shape of a tool call and its result; Bedrock and Vertex carry the same. */
    static void assertAnthropicToolCallAndResult(RecordedModelRequest request) {
        try {
            assertThat(request.messages().get(1))
                    .isEqualTo(json("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"call_1\","
                            + "\"name\":\"write\",\"input\":{\"path\":\"a.txt\"}}]}"));
            assertThat(request.messages().get(2))
                    .isEqualTo(json("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                            + "\"tool_use_id\":\"call_1\",\"content\":\"Permission denied\",\"is_error\":true}]}"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsTheKeySystemPromptAndTools() throws Exception {
        server.enqueue(Reply.text("ok"));

        stream(ask("hi"));

        RecordedModelRequest sent = server.takeRequest(Duration.ofSeconds(5));
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(sent.header("anthropic-version")).isNotBlank();
        assertThat(sent.body().path("system").asText()).isEqualTo("Be brief.");
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(sent.body().path("tools").get(0))
                .isEqualTo(json("{\"name\":\"write\",\"description\":\"Writes a file\",\"input_schema\":"
                        + "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}}"));
    }

    @Test
    void anOverloadedErrorInsideTheStreamIsTyped() {
        server.enqueue(Reply.text("par", "tial").errorAfterFirstDelta("overloaded_error", "Overloaded"));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure()).isInstanceOf(ModelFailure.Overloaded.class);
        assertThat(e.getMessage()).isEqualTo("Anthropic is overloaded right now (HTTP 529).");
        assertThat(listener.of(ModelEvent.Retrying.class)).isEmpty();
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
