package dev.baton.server.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.Reply;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.agent.mcp.TestMcpServer;
import dev.baton.server.agent.provider.RetryPolicy;
import dev.baton.server.config.BatonHome;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionListener;
import dev.baton.server.session.SessionSettings;
import dev.baton.server.session.SessionStore;
import dev.baton.server.trust.TrustStatus;
import dev.baton.server.trust.WorkspaceTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent loop in a real session, against a fake model server on 127.0.0.1 and real files. */
@Timeout(60)
class AgentLoopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(5);
    private static final RetryPolicy FAST_RETRIES =
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5));

    enum Api {
        ANTHROPIC,
        OPENAI,
        BEDROCK,
        VERTEX
    }

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private FakeModelServer model;
    private SessionStore store;
    private Session session;
    /** What one surface (say, the editor) sees while others answer. */
    private final List<Event> seen = new CopyOnWriteArrayList<>();

    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startModel() {
        model = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        model.close();
    }

    private Map<String, String> environment(Api api) {
        return switch (api) {
            case ANTHROPIC -> Map.of("ANTHROPIC_API_KEY", "test-key", "ANTHROPIC_BASE_URL", model.anthropicBaseUrl());
            case OPENAI -> Map.of(
                    "BATON_PROVIDER",
                    "openai",
                    "BATON_MODEL",
                    "gpt-test",
                    "OPENAI_API_KEY",
                    "test-key",
                    "OPENAI_BASE_URL",
                    model.openAiBaseUrl());
            case BEDROCK -> Map.of(
                    "BATON_PROVIDER", "bedrock",
                    "BATON_MODEL", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "test-secret",
                    "ANTHROPIC_BEDROCK_BASE_URL", model.cloudBaseUrl(),
                    "HOME", home.toString());
            case VERTEX -> Map.of(
                    "BATON_PROVIDER",
                    "vertex",
                    "ANTHROPIC_VERTEX_PROJECT_ID",
                    "test-project",
                    "CLOUD_ML_REGION",
                    "us-east5",
                    "GOOGLE_APPLICATION_CREDENTIALS",
                    model.googleCredentialsFile(home).toString(),
                    "ANTHROPIC_VERTEX_BASE_URL",
                    model.cloudBaseUrl(),
                    "HOME",
                    home.toString());
        };
    }

    private Session open(Api api) {
        store = new SessionStore(
                home.resolve("sessions"),
                SessionSettings.defaults()
                        .withAgent(
                                AgentSettings.configured(home, environment(api)).withRetries(FAST_RETRIES)));
        return session;
    }

    /** The workspace's project files, as each test wrote them, are trusted: these tests are about the loop. */
    private Session create(Api api) {
        WorkspaceTrust.in(new BatonHome(home)).trust(workspace);
        open(api);
        session = store.create(null, workspace);
        listen();
        return session;
    }

    private void listen() {
        session.subscribe(session.cursor().seq(), new SessionListener() {
            @Override
            public void onEvents(List<Event> events) {
                seen.addAll(events);
            }

            @Override
            public void onDelta(String messageId, String text) {
                deltas.add(text);
            }
        });
    }

    private Event await(String what, Predicate<Event> wanted) {
        Awaitility.await(what).atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> assertThat(
                        session.eventsAfter(0))
                .as("the log")
                .anyMatch(wanted));
        return session.eventsAfter(0).stream().filter(wanted).findFirst().orElseThrow();
    }

    /** A listener hears of events just after they reach the log, so the feed is waited for, never assumed. */
    private void awaitSeen(String what, Predicate<Event> wanted) {
        Awaitility.await(what).atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> assertThat(seen)
                .as("the feed")
                .anyMatch(wanted));
    }

    private static Predicate<Event> type(String type) {
        return event -> event.type().equals(type);
    }

    /** The turn of {@code inputId} has ended: its {@code status{processing:false}} is in the log. */
    private List<Event> awaitTurn(String inputId) {
        await(
                "the end of the turn of " + inputId,
                event -> inputId.equals(event.inputId())
                        && event.body() instanceof EventBody.Status status
                        && !status.processing());
        return session.eventsAfter(0).stream()
                .filter(event -> inputId.equals(event.inputId()))
                .toList();
    }

    private static <T extends EventBody> List<T> bodies(List<Event> events, Class<T> type) {
        return events.stream()
                .map(Event::body)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /** Every text the request carries, in the API's shape, for "the model heard it" checks. */
    private static String everything(JsonNode body) {
        return body.path("messages").toString();
    }

    private static Reply writeCall(String id, String path, String content) {
        return Reply.stream()
                .text("I'll write it.")
                .toolUse(id, "Write", "{\"path\":\"" + path + "\",", "\"content\":\"" + content + "\"}");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anAllowedWriteCreatesTheFileAndTheModelHearsTheResult(Api api) throws Exception {
        create(api);
        model.enqueue(writeCall("toolu_1", "hello.txt", "hi there"), Reply.text("Created ", "hello.txt."));

        session.submit("in-1", "editor", new Input.Message("Create hello.txt saying hi there"));
        Event request = await("a permission request", type("permission_request"));
        EventBody.PermissionRequest asked = (EventBody.PermissionRequest) request.body();
        assertThat(asked.tool()).isEqualTo("Write");
        assertThat(asked.summary()).startsWith("Write hello.txt");
        assertThat(session.snapshot().pendingPermissions()).containsExactly(request);
        assertThat(Files.exists(workspace.resolve("hello.txt"))).isFalse();

        session.submit("ans-1", "phone-1", new Input.Permission(asked.requestId(), Decision.ALLOW));
        List<Event> turn = awaitTurn("in-1");

        assertThat(Files.readString(workspace.resolve("hello.txt"))).isEqualTo("hi there");
        assertThat(turn)
                .extracting(Event::type)
                .containsExactly(
                        "user_message",
                        "title",
                        "status",
                        "assistant_message",
                        "tool_call",
                        "permission_request",
                        "tool_result",
                        "assistant_message",
                        "status");
        assertThat(turn).allSatisfy(event -> assertThat(event.origin()).isEqualTo("editor"));
        assertThat(bodies(turn, EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("I'll write it.", "Created hello.txt.");
        assertThat(bodies(turn, EventBody.ToolResult.class).getFirst().ok()).isTrue();
        Event decision = await("the decision", type("permission_decision"));
        assertThat(decision.inputId()).isEqualTo("ans-1");
        assertThat(decision.origin()).isEqualTo("phone-1");
        assertThat(session.snapshot().pendingPermissions()).isEmpty();
        assertThat(session.snapshot().processing()).isFalse();

        assertThat(model.requestCount()).isEqualTo(2);
        assertThat(model.requests().getFirst().body().toString()).contains(workspace.toString());
        String second = everything(model.requests().get(1).body());
        assertThat(second).contains("toolu_1", "Created hello.txt", "Create hello.txt saying hi there");
        assertThat(deltas).contains("Created ", "hello.txt.");
        awaitSeen("the decision and the answer on the feed", type("permission_decision"));
        awaitSeen("the answer on the feed", type("assistant_message"));
    }

    @Test
    void aDeniedWriteLeavesNoFileAndTheModelHearsItWasDenied() throws Exception {
        create(Api.ANTHROPIC);
        model.enqueue(writeCall("toolu_1", "no.txt", "x"), Reply.text("Understood."));

        session.submit("in-1", "editor", new Input.Message("Write no.txt"));
        EventBody.PermissionRequest asked = (EventBody.PermissionRequest)
                await("a permission request", type("permission_request")).body();
        session.submit("ans-1", "phone-1", new Input.Permission(asked.requestId(), Decision.DENY));
        List<Event> turn = awaitTurn("in-1");

        assertThat(workspace.resolve("no.txt")).doesNotExist();
        EventBody.ToolResult result = bodies(turn, EventBody.ToolResult.class).getFirst();
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).startsWith("Denied");
        JsonNode toolResult = list(model.requests().get(1).messages())
                .getLast()
                .path("content")
                .get(0);
        assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
        assertThat(toolResult.path("is_error").asBoolean()).isTrue();
        assertThat(bodies(turn, EventBody.AssistantMessage.class).getLast().text())
                .isEqualTo("Understood.");
    }

    @Test
    void theFirstAnswerWinsAndALaterOneIsToldItIsTooLate() throws Exception {
        create(Api.ANTHROPIC);
        model.enqueue(writeCall("toolu_1", "a.txt", "from the phone"), Reply.text("Done."));

        session.submit("in-1", "editor", new Input.Message("Write a.txt"));
        String requestId = ((EventBody.PermissionRequest) await("a permission request", type("permission_request"))
                        .body())
                .requestId();
        // The editor waits on the prompt; the phone and the laptop both answer it.
        awaitSeen("the permission request on the feed", type("permission_request"));
        session.submit("phone", "phone-1", new Input.Permission(requestId, Decision.ALLOW));
        session.submit("laptop", "laptop-1", new Input.Permission(requestId, Decision.DENY));
        awaitTurn("in-1");
        Event late = await("the late answer's error", event -> "laptop".equals(event.inputId()));

        assertThat(late.body()).isInstanceOfSatisfying(EventBody.Error.class, e -> assertThat(e.code())
                .isEqualTo("permission_already_decided"));
        assertThat(bodies(session.eventsAfter(0), EventBody.PermissionDecision.class))
                .containsExactly(new EventBody.PermissionDecision(requestId, Decision.ALLOW));
        assertThat(Files.readString(workspace.resolve("a.txt"))).isEqualTo("from the phone");
        // The waiting surface saw the other device's decision and the final answer.
        awaitSeen(
                "the final answer on the feed",
                event -> event.body() instanceof EventBody.AssistantMessage m
                        && m.text().equals("Done."));
        assertThat(seen)
                .filteredOn(event -> event.body() instanceof EventBody.AssistantMessage m
                        && m.text().equals("Done."))
                .hasSize(1);
    }

    @Test
    void alwaysAllowIsRememberedForTheSession() throws Exception {
        create(Api.ANTHROPIC);
        model.enqueue(
                writeCall("toolu_1", "a.txt", "one"),
                Reply.text("ok"),
                writeCall("toolu_2", "a.txt", "two"),
                Reply.text("ok again"));

        session.submit("in-1", "editor", new Input.Message("Write a.txt"));
        String requestId = ((EventBody.PermissionRequest) await("a permission request", type("permission_request"))
                        .body())
                .requestId();
        session.submit("ans-1", "phone-1", new Input.Permission(requestId, Decision.ALLOW_ALWAYS));
        awaitTurn("in-1");
        session.submit("in-2", "editor", new Input.Message("Write it again"));
        List<Event> second = awaitTurn("in-2");

        assertThat(second).extracting(Event::type).doesNotContain("permission_request");
        assertThat(Files.readString(workspace.resolve("a.txt"))).isEqualTo("two");
    }

    @Test
    void alwaysAllowForTheProjectWritesTheRuleToTheProjectSettings() throws Exception {
        Files.createDirectories(workspace.resolve(".baton"));
        Files.writeString(workspace.resolve(".baton/settings.json"), "{\"maxTokens\": 1000}");
        create(Api.ANTHROPIC);
        model.enqueue(writeCall("toolu_1", "a.txt", "one"), Reply.text("ok"));

        session.submit("in-1", "editor", new Input.Message("Write a.txt"));
        String requestId = ((EventBody.PermissionRequest) await("a permission request", type("permission_request"))
                        .body())
                .requestId();
        session.submit("typo", "phone-1", new Input.Permission(requestId, Decision.ALLOW_ALWAYS, "forever"));
        assertThat(await("the answer to the typo", event -> "typo".equals(event.inputId()))
                        .body())
                .isInstanceOfSatisfying(
                        EventBody.Error.class, e -> assertThat(e.code()).isEqualTo("invalid_argument"));
        assertThat(session.snapshot().pendingPermissions()).hasSize(1);
        session.submit("ans-1", "phone-1", new Input.Permission(requestId, Decision.ALLOW_ALWAYS, "project"));
        awaitTurn("in-1");

        JsonNode settings =
                Json.MAPPER.readTree(workspace.resolve(".baton/settings.json").toFile());
        assertThat(settings.path("maxTokens").asInt()).isEqualTo(1000);
        assertThat(settings.path("permissions").path("allow").toString()).contains("Write(a.txt)");
        assertThat(model.requests().getFirst().body().path("max_tokens").asInt())
                .isEqualTo(1000);
        assertThat(WorkspaceTrust.in(new BatonHome(home)).status(workspace))
                .as("Baton's own change to a trusted folder's settings keeps it trusted")
                .isInstanceOf(TrustStatus.Trusted.class);
    }

    @Test
    void aDenyRuleRefusesWithoutAsking() throws Exception {
        Files.createDirectories(workspace.resolve(".baton"));
        Files.writeString(
                workspace.resolve(".baton/settings.json"), "{\"permissions\": {\"deny\": [\"Write(secret.txt)\"]}}");
        create(Api.ANTHROPIC);
        model.enqueue(writeCall("toolu_1", "secret.txt", "x"), Reply.text("Refused, fine."));

        session.submit("in-1", "editor", new Input.Message("Write secret.txt"));
        List<Event> turn = awaitTurn("in-1");

        assertThat(turn).extracting(Event::type).doesNotContain("permission_request");
        assertThat(bodies(turn, EventBody.ToolResult.class).getFirst().output())
                .startsWith("Denied by the deny rule Write(secret.txt) in");
        assertThat(workspace.resolve("secret.txt")).doesNotExist();
    }

    @Test
    void aShellDenyRuleRefusesTheProgramAnywhereInTheLineNamingTheRule() throws Exception {
        Files.createDirectories(workspace.resolve(".baton"));
        Files.writeString(
                workspace.resolve(".baton/settings.json"),
                "{\"permissions\": {\"deny\": [\"Shell(rm:*)\"], \"allow\": [\"Shell(true)\"]}}");
        Files.writeString(workspace.resolve("victim.txt"), "still here");
        create(Api.ANTHROPIC);
        model.enqueue(
                Reply.stream().toolUse("toolu_1", "Shell", "{\"command\":", "\"true; sh -c 'rm -f victim.txt'\"}"),
                Reply.text("Refused, fine."));

        session.submit("in-1", "editor", new Input.Message("Clean up"));
        List<Event> turn = awaitTurn("in-1");

        assertThat(turn).extracting(Event::type).doesNotContain("permission_request");
        assertThat(bodies(turn, EventBody.ToolResult.class).getFirst().output())
                .startsWith("Denied by the deny rule Shell(rm:*) in");
        assertThat(workspace.resolve("victim.txt")).hasContent("still here");
    }

    @Test
    void interruptDuringAStreamStopsItAndTheSessionGoesOn() throws Exception {
        create(Api.ANTHROPIC);
        model.enqueue(Reply.text("Hel", "lo").stallAfterFirstDelta(), Reply.text("Fresh answer."));

        session.submit("in-1", "editor", new Input.Message("Say hello slowly"));
        Awaitility.await("the first delta").atMost(DEADLINE).pollInterval(POLL).until(() -> !deltas.isEmpty());
        assertThat(deltas).containsExactly("Hel");
        session.submit("stop", "phone-1", new Input.Interrupt());
        List<Event> turn = awaitTurn("in-1");

        assertThat(bodies(turn, EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("Hel");
        assertThat(bodies(turn, EventBody.Error.class)).isEmpty();
        assertThat(await("the interrupt notice", event -> "stop".equals(event.inputId()))
                        .body())
                .isEqualTo(new EventBody.Notice("Interrupted"));

        session.submit("in-2", "editor", new Input.Message("Again"));
        assertThat(bodies(awaitTurn("in-2"), EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("Fresh answer.");
    }

    @Test
    void interruptDuringASlowShellCommandStopsItAndTheModelIsNotAskedAgain() throws Exception {
        Files.createDirectories(workspace.resolve(".baton"));
        Files.writeString(
                workspace.resolve(".baton/settings.json"), "{\"permissions\": {\"allow\": [\"Shell(sleep 30)\"]}}");
        create(Api.ANTHROPIC);
        model.enqueue(Reply.stream().toolUse("toolu_1", "Shell", "{\"command\":\"sleep 30\"}"));

        session.submit("in-1", "editor", new Input.Message("Wait a while"));
        await("the tool call", type("tool_call"));
        long started = System.nanoTime();
        session.submit("stop", "phone-1", new Input.Interrupt());
        List<Event> turn = awaitTurn("in-1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        EventBody.ToolResult result = bodies(turn, EventBody.ToolResult.class).getFirst();
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("Interrupted");
        assertThat(model.requestCount()).isEqualTo(1);
    }

    @Test
    void interruptWhileAPromptWaitsClosesThePrompt() throws Exception {
        create(Api.ANTHROPIC);
        model.enqueue(writeCall("toolu_1", "a.txt", "x"));

        session.submit("in-1", "editor", new Input.Message("Write a.txt"));
        String requestId = ((EventBody.PermissionRequest) await("a permission request", type("permission_request"))
                        .body())
                .requestId();
        session.submit("stop", "phone-1", new Input.Interrupt());
        awaitTurn("in-1");

        assertThat(session.snapshot().pendingPermissions()).isEmpty();
        assertThat(workspace.resolve("a.txt")).doesNotExist();
        session.submit("late", "phone-1", new Input.Permission(requestId, Decision.ALLOW));
        assertThat(await("the late answer", event -> "late".equals(event.inputId()))
                        .body())
                .isInstanceOfSatisfying(
                        EventBody.Error.class, e -> assertThat(e.code()).isEqualTo("permission_already_decided"));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void retryableFailuresAreAnnouncedAndThenAnswered(Api api) {
        create(api);
        model.enqueue(
                Reply.error(429, "rate_limit_error", "Slow down").header("retry-after", "0"),
                Reply.error(529, "overloaded_error", "Overloaded"),
                Reply.text("Made it."));

        session.submit("in-1", "editor", new Input.Message("Hello"));
        List<Event> turn = awaitTurn("in-1");

        assertThat(bodies(turn, EventBody.Notice.class)).hasSize(2).allSatisfy(n -> assertThat(n.text())
                .contains("Trying again"));
        assertThat(bodies(turn, EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("Made it.");
    }

    @Test
    void aServerErrorThenSuccessIsAnswered() {
        create(Api.ANTHROPIC);
        model.enqueue(Reply.error(500, "api_error", "Internal error"), Reply.text("Fine now."));

        session.submit("in-1", "editor", new Input.Message("Hello"));

        assertThat(bodies(awaitTurn("in-1"), EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("Fine now.");
    }

    @Test
    void givingUpIsAnErrorAndTheSessionStaysUsable() {
        create(Api.ANTHROPIC);
        model.enqueue(
                Reply.error(500, "api_error", "Internal error"),
                Reply.error(500, "api_error", "Internal error"),
                Reply.error(500, "api_error", "Still broken"),
                Reply.text("Back."));

        session.submit("in-1", "editor", new Input.Message("Hello"));
        EventBody.Error error = bodies(awaitTurn("in-1"), EventBody.Error.class).getFirst();
        assertThat(error.code()).isEqualTo("model_server_error");
        assertThat(error.message()).contains("3 attempts");

        session.submit("in-2", "editor", new Input.Message("Hello?"));
        assertThat(bodies(awaitTurn("in-2"), EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("Back.");
        // The failed turn left no assistant message: both user messages go as one.
        assertThat(list(model.requests().getLast().messages())).hasSize(1);
    }

    @Test
    void aStreamCutMidwayKeepsWhatWasShownAndSaysTheConnectionWasLost() {
        create(Api.ANTHROPIC);
        model.enqueue(Reply.text("partial", " answer").cutAfterFirstDelta(), Reply.text("never sent"));

        session.submit("in-1", "editor", new Input.Message("Hello"));
        List<Event> turn = awaitTurn("in-1");

        assertThat(bodies(turn, EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("partial");
        assertThat(bodies(turn, EventBody.Error.class))
                .extracting(EventBody.Error::code)
                .containsExactly("model_connection_lost");
        assertThat(model.requestCount()).isEqualTo(1);
    }

    @Test
    void malformedToolInputGoesBackToTheModelAsAnError() throws Exception {
        create(Api.ANTHROPIC);
        model.enqueue(
                Reply.stream().toolUse("toolu_9", "Write", "{\"path\": \"a.txt\"", ", oops"),
                writeCall("toolu_10", "a.txt", "fixed"),
                Reply.text("Done."));

        session.submit("in-1", "editor", new Input.Message("Write a.txt"));
        String requestId = ((EventBody.PermissionRequest) await("a permission request", type("permission_request"))
                        .body())
                .requestId();
        assertThat(requestId).isEqualTo("toolu_10");
        session.submit("ans-1", "phone-1", new Input.Permission(requestId, Decision.ALLOW));
        List<Event> turn = awaitTurn("in-1");

        EventBody.ToolResult malformed =
                bodies(turn, EventBody.ToolResult.class).getFirst();
        assertThat(malformed.callId()).isEqualTo("toolu_9");
        assertThat(malformed.ok()).isFalse();
        String second = everything(model.requests().get(1).body());
        assertThat(second).contains("toolu_9", "not a JSON object");
        assertThat(Files.readString(workspace.resolve("a.txt"))).isEqualTo("fixed");
    }

    @Test
    void aReopenedSessionSendsTheEarlierTurns() {
        create(Api.ANTHROPIC);
        model.enqueue(Reply.text("The answer is 42."), Reply.text("You asked about the answer."));
        session.submit("in-1", "editor", new Input.Message("What is the answer?"));
        awaitTurn("in-1");
        String id = session.id();
        session.close();

        open(Api.ANTHROPIC);
        session = store.open(id).orElseThrow();
        session.submit("in-2", "editor", new Input.Message("What did I ask?"));
        awaitTurn("in-2");

        List<JsonNode> messages = list(model.requests().getLast().messages());
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).toString()).contains("What is the answer?");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).toString()).contains("The answer is 42.");
        assertThat(messages.get(2).toString()).contains("What did I ask?");
    }

    @Test
    void clearStartsANewConversationInTheSameSession() {
        create(Api.ANTHROPIC);
        model.enqueue(Reply.text("First."), Reply.text("Second."));
        session.submit("in-1", "editor", new Input.Message("Remember this"));
        awaitTurn("in-1");

        session.submit("clear", "editor", new Input.Command("clear", ""));
        await("the clear", type("conversation_cleared"));
        session.submit("in-2", "editor", new Input.Message("Fresh start"));
        awaitTurn("in-2");

        List<JsonNode> messages = list(model.requests().getLast().messages());
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst().toString()).contains("Fresh start").doesNotContain("Remember this");
        assertThat(session.eventsAfter(0))
                .filteredOn(event -> "clear".equals(event.inputId()))
                .extracting(Event::body)
                .contains(new EventBody.Notice("Conversation cleared"));
    }

    @Test
    void statusAndConfigNameTheModel() {
        create(Api.ANTHROPIC);
        model.enqueue(Reply.text("Hi.").usage(100, 20));
        session.submit("in-1", "editor", new Input.Message("Hello"));
        awaitTurn("in-1");

        session.submit("status", "editor", new Input.Command("status", ""));
        session.submit("config", "editor", new Input.Command("config", ""));
        String status = ((EventBody.Notice)
                        await("the status", e -> "status".equals(e.inputId()) && e.body() instanceof EventBody.Notice)
                                .body())
                .text();
        String config = ((EventBody.Notice)
                        await("the config", e -> "config".equals(e.inputId()) && e.body() instanceof EventBody.Notice)
                                .body())
                .text();

        assertThat(status).contains("claude-sonnet-4-5", "Anthropic", "100 in, 20 out");
        assertThat(config).contains("Model: ready", "ANTHROPIC_API_KEY").doesNotContain("test-key");
    }

    /** A {@code .mcp.json} that starts {@code TestMcpServer} as server {@code name}. */
    private void mcpServer(String name) throws Exception {
        var arguments = Json.MAPPER
                .createArrayNode()
                .add("-Xshare:auto")
                .add("-XX:TieredStopAtLevel=1")
                .add("-cp")
                .add(System.getProperty("java.class.path"))
                .add(TestMcpServer.class.getName());
        var config = Json.MAPPER.createObjectNode();
        config.putObject("mcpServers")
                .putObject(name)
                .put("command", ProcessHandle.current().info().command().orElseThrow())
                .set("args", arguments);
        Files.writeString(workspace.resolve(".mcp.json"), Json.write(config));
    }

    @Test
    void theAgentCallsAToolOfAnMcpServer() throws Exception {
        mcpServer("demo");
        create(Api.ANTHROPIC);
        model.enqueue(
                Reply.stream().toolUse("toolu_mcp", "mcp__demo__echo", "{\"text\":\"over MCP\"}"),
                Reply.text("It echoed."));

        session.submit("in-1", "editor", new Input.Message("Echo something"));
        List<Event> turn = awaitTurn("in-1");

        EventBody.ToolResult result = bodies(turn, EventBody.ToolResult.class).getFirst();
        assertThat(result.ok()).isTrue();
        assertThat(result.output()).contains("echo: over MCP");
        assertThat(model.requests().getFirst().body().path("tools").toString()).contains("mcp__demo__echo");
        assertThat(everything(model.requests().get(1).body())).contains("echo: over MCP");
    }

    @Test
    void anMcpServerThatFailsIsANoticeAndTheSessionWorks() throws Exception {
        var config = Json.MAPPER.createObjectNode();
        config.putObject("mcpServers").putObject("broken").put("command", "/no/such/mcp-server");
        Files.writeString(workspace.resolve(".mcp.json"), Json.write(config));
        create(Api.ANTHROPIC);
        model.enqueue(Reply.text("Still here."));

        Event notice = await(
                "a notice about the broken server",
                event -> event.body() instanceof EventBody.Notice n && n.text().contains("broken"));
        session.submit("in-1", "editor", new Input.Message("Hello"));

        assertThat(notice.inputId()).isNull();
        assertThat(bodies(awaitTurn("in-1"), EventBody.AssistantMessage.class))
                .extracting(EventBody.AssistantMessage::text)
                .containsExactly("Still here.");
    }

    @Test
    void bedrockWithoutCredentialsSaysWhatToSetAndTheSessionWorks() {
        store = new SessionStore(
                home.resolve("sessions"),
                SessionSettings.defaults()
                        .withAgent(AgentSettings.configured(
                                home,
                                Map.of(
                                        "BATON_PROVIDER", "bedrock",
                                        "BATON_MODEL", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                                        "AWS_REGION", "us-east-1",
                                        "HOME", home.toString()))));
        session = store.create(null, workspace);

        session.submit("in-1", "editor", new Input.Message("Hello"));
        Event notice = await("the notice", e -> "in-1".equals(e.inputId()) && e.body() instanceof EventBody.Notice);
        session.submit("in-2", "editor", new Input.Message("!echo still here"));
        Event result = await("the shell result", type("tool_result"));

        assertThat(((EventBody.Notice) notice.body()).text())
                .contains("AWS credentials", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_BEARER_TOKEN_BEDROCK");
        assertThat(((EventBody.ToolResult) result.body()).output()).contains("still here");
        assertThat(model.requestCount()).isZero();
    }

    @Test
    void vertexCredentialsThatCannotBeLoadedAreAnErrorAndTheSessionStaysUsable() throws Exception {
        Path broken = Files.writeString(home.resolve("broken.json"), "not json");
        Map<String, String> environment = new java.util.HashMap<>(environment(Api.VERTEX));
        environment.put("GOOGLE_APPLICATION_CREDENTIALS", broken.toString());
        store = new SessionStore(
                home.resolve("sessions"),
                SessionSettings.defaults()
                        .withAgent(AgentSettings.configured(home, environment).withRetries(FAST_RETRIES)));
        session = store.create(null, workspace);

        session.submit("in-1", "editor", new Input.Message("Hello"));
        EventBody.Error error = bodies(awaitTurn("in-1"), EventBody.Error.class).getFirst();
        session.submit("in-2", "editor", new Input.Message("!echo still here"));
        Event result = await("the shell result", type("tool_result"));

        assertThat(error.code()).isEqualTo("model_authentication");
        assertThat(error.message())
                .startsWith("Cannot get the credentials for Google Vertex AI: Google credentials from " + broken)
                .contains("`baton config`");
        assertThat(((EventBody.ToolResult) result.body()).output()).contains("still here");
        assertThat(model.requestCount()).isZero();
    }

    @Test
    void withoutAModelAPlainMessageSaysWhyAndShellCommandsStillWork() {
        store = new SessionStore(
                home.resolve("sessions"),
                SessionSettings.defaults().withAgent(AgentSettings.configured(home, Map.of())));
        session = store.create(null, workspace);

        session.submit("in-1", "editor", new Input.Message("Hello"));
        Event notice = await("the notice", e -> "in-1".equals(e.inputId()) && e.body() instanceof EventBody.Notice);
        session.submit("in-2", "editor", new Input.Message("!echo still here"));
        Event result = await("the shell result", type("tool_result"));

        assertThat(((EventBody.Notice) notice.body()).text()).contains("ANTHROPIC_API_KEY", "!commands");
        assertThat(((EventBody.ToolResult) result.body()).output()).contains("still here");
        assertThat(model.requestCount()).isZero();
    }
}
