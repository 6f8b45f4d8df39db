package dev.baton.server.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.RecordedModelRequest;
import dev.baton.fixtures.model.Reply;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelProvider;
import dev.baton.server.agent.model.StopReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest extends ProviderContractTest {
    @Override
    ModelProvider provider(FakeModelServer server, RetryPolicy retries) {
        return ModelProviders.openAiCompatible("sk-openai-test", server.openAiBaseUrl(), retries);
    }

    @Override
    void assertCarriesToolCallAndResult(RecordedModelRequest request) {
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        try {
            assertThat(request.messages().get(0)).isEqualTo(json("{\"role\":\"system\",\"content\":\"Be brief.\"}"));
            assertThat(request.messages().get(2))
                    .isEqualTo(json("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"function\":"
                            + "{\"name\":\"write\",\"arguments\":\"{\\\"path\\\":\\\"a.txt\\\"}\"},"
                            + "\"type\":\"function\"}]}"));
            assertThat(request.messages().get(3))
                    .isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_1\","
                            + "\"content\":\"Error: Permission denied\"}"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsTheKeyToolsAndAsksForUsage() throws Exception {
        server.enqueue(Reply.text("ok"));

        stream(ask("hi"));

        RecordedModelRequest sent = server.takeRequest(Duration.ofSeconds(5));
        assertThat(sent.header("authorization")).isEqualTo("Bearer sk-openai-test");
        assertThat(sent.body().path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        // A compatible server, not OpenAI itself: the field every such server knows.
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(sent.body().path("tools").get(0))
                .isEqualTo(json("{\"type\":\"function\",\"function\":{\"name\":\"write\",\"description\":"
                        + "\"Writes a file\",\"parameters\":{\"type\":\"object\",\"properties\":"
                        + "{\"path\":{\"type\":\"string\"}}}}}"));
    }

    @Test
    void aToolCallFinishedWithStopIsStillAToolCall() throws Exception {
        server.enqueue(Reply.stream().toolUse("call_1", "write", "{}").stopReason("end_turn"));

        assertThat(stream(ask("hi")).stopReason()).isEqualTo(StopReason.TOOL_USE);
    }

    @Test
    void anErrorInsideTheStreamIsTyped() {
        server.enqueue(Reply.text("par", "tial").errorAfterFirstDelta("server_error", "The server had an error"));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure()).isInstanceOf(ModelFailure.ServerError.class);
        assertThat(e.getMessage()).contains("The server had an error");
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
