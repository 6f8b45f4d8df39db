package dev.baton.server.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.RecordedModelRequest;
import dev.baton.fixtures.model.Reply;
import dev.baton.protocol.Json;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.model.ContentBlock;
import dev.baton.server.agent.model.Message;
import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelProvider;
import dev.baton.server.agent.model.ModelRequest;
import dev.baton.server.agent.model.ModelResponse;
import dev.baton.server.agent.model.StopReason;
import dev.baton.server.agent.model.ToolSpec;
import dev.baton.server.agent.model.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every provider must do, run against the fake server speaking that provider's real wire
 * format. Subclasses say how to build the provider and how its API carries tool results.
 */
abstract class ProviderContractTest {
    /** Retries in milliseconds, so failure tests stay fast. */
    static final RetryPolicy FAST_RETRIES =
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5));

    static final ToolSpec WRITE = new ToolSpec(
            "write",
            "Writes a file",
            Json.MAPPER
                    .createObjectNode()
                    .put("type", "object")
                    .set(
                            "properties",
                            Json.MAPPER
                                    .createObjectNode()
                                    .set("path", Json.MAPPER.createObjectNode().put("type", "string"))));

    FakeModelServer server;
    ModelProvider provider;
    final RecordingListener listener = new RecordingListener();

    abstract ModelProvider provider(FakeModelServer server, RetryPolicy retries);

    /** Asserts that {@code request} carries the tool call and its result the way this API wants them. */
    abstract void assertCarriesToolCallAndResult(RecordedModelRequest request);

    /** Asserts that {@code sent} asks for a stream of {@code test-model}'s answer the way this API wants. */
    void assertAsksForAStream(RecordedModelRequest sent) {
        assertThat(sent.body().path("model").asText()).isEqualTo("test-model");
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
    }

    @BeforeEach
    void start() {
        server = FakeModelServer.start();
        provider = provider(server, FAST_RETRIES);
    }

    @AfterEach
    void stop() {
        provider.close();
        server.close();
    }

    static ModelRequest ask(String text) {
        return new ModelRequest("test-model", "Be brief.", List.of(Message.user(text)), List.of(WRITE), 1024);
    }

    ModelResponse stream(ModelRequest request) throws ModelException {
        return provider.stream(request, listener, new Cancellation());
    }

    ModelException failure(ModelRequest request) {
        return catchThrowableOfType(ModelException.class, () -> stream(request));
    }

    @Test
    void streamsText() throws Exception {
        server.enqueue(Reply.text("Hel", "lo, ", "world").usage(20, 3));

        ModelResponse response = stream(ask("hi"));

        assertThat(listener.of(ModelEvent.TextDelta.class))
                .extracting(ModelEvent.TextDelta::text)
                .containsExactly("Hel", "lo, ", "world");
        assertThat(response.message().text()).isEqualTo("Hello, world");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(new Usage(20, 3));
        assertThat(listener.events().getLast())
                .isEqualTo(new ModelEvent.MessageStop(StopReason.END_TURN, new Usage(20, 3)));
        assertAsksForAStream(server.takeRequest(Duration.ofSeconds(5)));
    }

    @Test
    void assemblesAToolCallFromFragments() throws Exception {
        server.enqueue(Reply.stream()
                .text("Writing it.")
                .toolUse("call_1", "write", "{\"pa", "th\": \"a.txt\", \"content\"", ": \"hi\\n\"}"));

        ModelResponse response = stream(ask("write a.txt"));

        ContentBlock.ToolUse expected = new ContentBlock.ToolUse(
                "call_1", "write", Json.MAPPER.readTree("{\"path\":\"a.txt\",\"content\":\"hi\\n\"}"));
        assertThat(listener.of(ModelEvent.ToolUseComplete.class))
                .containsExactly(new ModelEvent.ToolUseComplete(expected));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.message().content()).containsExactly(new ContentBlock.Text("Writing it."), expected);
    }

    @Test
    void sendsToolResultsBackInTheNextRequest() throws Exception {
        server.enqueue(Reply.stream().toolUse("call_1", "write", "{\"path\":\"a.txt\"}"), Reply.text("Done."));
        ModelRequest first = ask("write a.txt");
        ModelResponse call = stream(first);

        List<Message> conversation = new java.util.ArrayList<>(first.messages());
        conversation.add(call.message());
        conversation.add(Message.user(List.of(new ContentBlock.ToolResult("call_1", "Permission denied", true))));
        stream(new ModelRequest("test-model", "Be brief.", conversation, List.of(WRITE), 1024));

        server.takeRequest(Duration.ofSeconds(5));
        RecordedModelRequest second = server.takeRequest(Duration.ofSeconds(5));
        assertCarriesToolCallAndResult(second);
        assertThat(listener.text()).isEqualTo("Done.");
    }

    @Test
    void honoursRetryAfterOnRateLimitThenSucceeds() throws Exception {
        server.enqueue(
                Reply.error(429, "rate_limit_error", "Slow down").header("retry-after", "0.2"), Reply.text("ok"));

        long started = System.nanoTime();
        ModelResponse response = stream(ask("hi"));

        assertThat(response.message().text()).isEqualTo("ok");
        ModelEvent.Retrying retrying = listener.of(ModelEvent.Retrying.class).getFirst();
        assertThat(retrying.delay()).isEqualTo(Duration.ofMillis(200));
        assertThat(retrying.cause()).isInstanceOf(ModelFailure.RateLimited.class);
        assertThat(retrying.attempt()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void doesNotWaitLongerThanThePolicyAllows() {
        server.enqueue(Reply.error(429, "rate_limit_error", "Slow down").header("retry-after", "3600"));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure()).isEqualTo(new ModelFailure.RateLimited(java.util.Optional.of(Duration.ofHours(1))));
        assertThat(e.getMessage()).contains("rate limit").contains("3600 s");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void retriesWhenOverloaded() throws Exception {
        server.enqueue(Reply.error(529, "overloaded_error", "Overloaded"), Reply.text("ok"));

        assertThat(stream(ask("hi")).message().text()).isEqualTo("ok");
        assertThat(listener.of(ModelEvent.Retrying.class))
                .singleElement()
                .extracting(ModelEvent.Retrying::cause)
                .isInstanceOf(ModelFailure.Overloaded.class);
    }

    @Test
    void retriesAServerErrorThenSucceeds() throws Exception {
        server.enqueue(Reply.error(500, "api_error", "Internal error"), Reply.text("ok"));

        assertThat(stream(ask("hi")).message().text()).isEqualTo("ok");
        assertThat(listener.of(ModelEvent.Retrying.class)).hasSize(1);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        server.enqueue(
                Reply.error(500, "api_error", "Internal error"),
                Reply.error(503, "api_error", "Unavailable"),
                Reply.error(500, "api_error", "Still broken"));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure()).isEqualTo(new ModelFailure.ServerError(500, "Still broken"));
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.getMessage())
                .isEqualTo(provider.displayName()
                        + " had a server error (HTTP 500): Still broken. Gave up after 3 attempts.");
        assertThat(listener.of(ModelEvent.Retrying.class))
                .extracting(ModelEvent.Retrying::attempt)
                .containsExactly(1, 2);
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void doesNotRetryARefusedKey() {
        server.enqueue(Reply.error(401, "authentication_error", "invalid x-api-key"));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure()).isEqualTo(new ModelFailure.Authentication(401, "invalid x-api-key"));
        assertThat(e.getMessage()).contains("refused the API key").contains("baton config");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void reportsAConnectionCutMidStreamWithoutRetrying() {
        server.enqueue(Reply.text("partial", " answer").cutAfterFirstDelta(), Reply.text("never sent"));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure()).isInstanceOf(ModelFailure.ConnectionLost.class);
        assertThat(e.getMessage()).startsWith("Lost the connection to " + provider.displayName());
        assertThat(listener.text()).isEqualTo("partial");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void reportsMalformedToolInput() {
        server.enqueue(Reply.stream().toolUse("call_9", "write", "{\"path\": \"a.txt\"", ", oops"));

        ModelException e = failure(ask("hi"));

        ModelFailure.MalformedToolInput failure = (ModelFailure.MalformedToolInput) e.failure();
        assertThat(failure.toolUseId()).isEqualTo("call_9");
        assertThat(failure.toolName()).isEqualTo("write");
        assertThat(failure.rawInput()).isEqualTo("{\"path\": \"a.txt\", oops");
        assertThat(e.getMessage()).contains("called the tool write with input that is not a JSON object");
    }

    @Test
    void interruptAbortsAStalledStreamPromptly() throws Exception {
        server.enqueue(Reply.text("thinking", " forever").stallAfterFirstDelta());
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ModelException> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                provider.stream(ask("hi"), listener, cancellation);
                outcome.complete(null);
            } catch (ModelException e) {
                outcome.complete(e);
            }
        });
        listener.awaitEvent(ModelEvent.TextDelta.class::isInstance, Duration.ofSeconds(5));

        long cancelled = System.nanoTime();
        cancellation.cancel();
        ModelException e = outcome.get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(1));
        assertThat(e.failure()).isEqualTo(new ModelFailure.Cancelled());
        assertThat(e.getMessage()).isEqualTo("Interrupted.");
        assertThat(listener.text()).isEqualTo("thinking");
    }

    @Test
    void interruptEndsARetryWait() throws Exception {
        server.enqueue(Reply.error(429, "rate_limit_error", "Slow down").header("retry-after", "4"));
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ModelException> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                provider.stream(ask("hi"), listener, cancellation);
                outcome.complete(null);
            } catch (ModelException e) {
                outcome.complete(e);
            }
        });
        listener.awaitEvent(ModelEvent.Retrying.class::isInstance, Duration.ofSeconds(5));

        cancellation.cancel();

        assertThat(outcome.get(1, TimeUnit.SECONDS).failure()).isEqualTo(new ModelFailure.Cancelled());
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void cancelledBeforeStartingSendsNothing() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        assertThatThrownBy(() -> provider.stream(ask("hi"), listener, cancellation))
                .isInstanceOf(ModelException.class)
                .hasMessage("Interrupted.");
        assertThat(server.requestCount()).isZero();
    }

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
