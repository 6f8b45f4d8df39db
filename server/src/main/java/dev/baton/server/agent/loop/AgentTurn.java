package dev.baton.server.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.model.ContentBlock;
import dev.baton.server.agent.model.Message;
import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelRequest;
import dev.baton.server.agent.model.ModelResponse;
import dev.baton.server.agent.model.Role;
import dev.baton.server.agent.permission.PermissionPolicy;
import dev.baton.server.agent.permission.PermissionRule;
import dev.baton.server.agent.permission.Verdict;
import dev.baton.server.agent.tool.Access;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.agent.tool.ToolContext;
import dev.baton.server.agent.tool.ToolInputException;
import dev.baton.server.agent.tool.ToolOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of the agent: ask the model, run the tools it calls (asking permission where needed), and
 * ask again with their results until it stops calling tools. Runs on its own thread; {@link #cancel}
 * from any thread stops the stream, the running tool or the waiting prompt.
 *
 * <p>The conversation is rebuilt from the log before every request, so what the model hears is
 * exactly what the log says, whether or not the session was restarted in between.
 */
public final class AgentTurn {
    private static final Logger LOG = LoggerFactory.getLogger(AgentTurn.class);

    private final Agent agent;
    private final TurnOutput out;
    private final Cancellation cancellation = new Cancellation();

    /** A tool use to answer: parsed, or the raw text of one the model got wrong. */
    private sealed interface Call {
        String id();

        String name();

        JsonNode input();
    }

    private record Parsed(ContentBlock.ToolUse use) implements Call {
        public String id() {
            return use.id();
        }

        public String name() {
            return use.name();
        }

        public JsonNode input() {
            return use.input();
        }
    }

    private record Malformed(ModelFailure.MalformedToolInput failure) implements Call {
        public String id() {
            return failure.toolUseId();
        }

        public String name() {
            return failure.toolName();
        }

        /** What the log and the model see of the call: its raw text, kept in an object. */
        public JsonNode input() {
            ObjectNode input = Json.MAPPER.createObjectNode();
            input.put("unparsedInput", failure.rawInput());
            return input;
        }
    }

    AgentTurn(Agent agent, TurnOutput out) {
        this.agent = agent;
        this.out = out;
    }

    /** Stops the turn promptly; it then records how its work ended and returns from {@link #run}. */
    public void cancel() {
        cancellation.cancel();
    }

    /** Runs the turn to its end on the calling thread. */
    public void run() {
        while (!cancellation.isCancelled()) {
            List<Message> messages = Conversation.rebuild(out.history());
            if (messages.isEmpty() || messages.getLast().role() != Role.USER) {
                return; // an earlier turn already answered everything (a message sent while it ran)
            }
            List<Call> calls = ask(messages);
            if (calls.isEmpty()) {
                return;
            }
            for (Call call : calls) {
                if (cancellation.isCancelled()) {
                    return;
                }
                answer(call);
            }
        }
    }

    /** One request; returns the tool calls to answer, or none when the turn is over. */
    private List<Call> ask(List<Message> messages) {
        String messageId = "msg_" + UUID.randomUUID();
        Streamed streamed = new Streamed(messageId);
        ModelRequest request =
                new ModelRequest(agent.model(), agent.systemPrompt(), messages, agent.toolSpecs(), agent.maxTokens());
        try {
            ModelResponse response = agent.provider().stream(request, streamed, cancellation);
            agent.count(response.usage());
            out.commit(List.of(
                    new EventBody.AssistantMessage(messageId, response.message().text())));
            return response.message().toolUses().stream().<Call>map(Parsed::new).toList();
        } catch (ModelException e) {
            if (e.failure() instanceof ModelFailure.MalformedToolInput malformed) {
                // The model gets its mistake back as a tool result and may try again.
                out.commit(List.of(new EventBody.AssistantMessage(messageId, streamed.text.toString())));
                List<Call> calls = new ArrayList<>(streamed.completed);
                calls.add(new Malformed(malformed));
                return calls;
            }
            if (!streamed.text.isEmpty()) {
                // Keep what the surfaces were shown: the log is what a late-joining device sees.
                out.commit(List.of(new EventBody.AssistantMessage(messageId, streamed.text.toString())));
            }
            if (!(e.failure() instanceof ModelFailure.Cancelled)) {
                out.commit(List.of(new EventBody.Error(ModelErrors.code(e.failure()), e.getMessage())));
            }
            return List.of();
        }
    }

    /** Forwards the stream: text to the surfaces, retries as notices. */
    private final class Streamed implements Consumer<ModelEvent> {
        private final String messageId;
        private final StringBuilder text = new StringBuilder();
        private final List<Call> completed = new ArrayList<>();

        Streamed(String messageId) {
            this.messageId = messageId;
        }

        @Override
        public void accept(ModelEvent event) {
            switch (event) {
                case ModelEvent.TextDelta delta -> {
                    text.append(delta.text());
                    out.delta(messageId, delta.text());
                }
                case ModelEvent.ToolUseComplete done -> completed.add(new Parsed(done.toolUse()));
                case ModelEvent.Retrying retrying -> out.commit(
                        List.of(new EventBody.Notice(ModelErrors.retrying(retrying, agent.providerName()))));
                case ModelEvent.MessageStop stop -> {}
            }
        }
    }

    private void answer(Call call) {
        out.commit(List.of(new EventBody.ToolCall(call.id(), call.name(), call.input())));
        ToolOutcome outcome = outcome(call);
        out.commit(List.of(new EventBody.ToolResult(call.id(), outcome.ok(), outcome.output(), outcome.exitCode())));
    }

    private ToolOutcome outcome(Call call) {
        if (call instanceof Malformed malformed) {
            return ToolOutcome.failure("The input of this call was not a JSON object ("
                    + malformed.failure().detail() + "). Call the tool again with a JSON object.");
        }
        Optional<Tool> found = agent.tool(call.name());
        if (found.isEmpty()) {
            return ToolOutcome.failure("There is no tool named " + call.name() + ".");
        }
        Tool tool = found.get();
        ToolContext context = new ToolContext(agent.workingDirectory(), cancellation, agent.sandbox());
        try {
            if (tool.access(call.input(), context) instanceof Access.NeedsPermission needs) {
                Optional<ToolOutcome> refused = permit(call, needs);
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            return tool.run(call.input(), context);
        } catch (ToolInputException e) {
            return ToolOutcome.failure("Invalid input for " + call.name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            return ToolOutcome.failure("Interrupted.");
        } catch (RuntimeException e) {
            LOG.warn("tool {} failed", call.name(), e);
            return ToolOutcome.failure("The tool " + call.name() + " failed: " + e.getMessage());
        }
    }

    /** The permission flow; empty when the call may run, else the outcome that refuses it. */
    private Optional<ToolOutcome> permit(Call call, Access.NeedsPermission needs) throws InterruptedException {
        PermissionPolicy rules = agent.rules();
        Optional<PermissionPolicy.Ruling> ruling = rules.ruling(call.name(), needs.ruleSubject());
        if (ruling.isPresent()) {
            return ruling.get().verdict() == Verdict.ALLOW
                    ? Optional.empty()
                    : Optional.of(ToolOutcome.failure("Denied by the deny rule "
                            + ruling.get().rule() + " in .baton/settings.json: " + needs.summary() + "."));
        }
        Input.Permission answer = awaitAnswer(call, needs.summary());
        if (answer.decision() == Decision.DENY) {
            return Optional.of(ToolOutcome.failure("Denied by the user: " + needs.summary() + "."));
        }
        if (answer.decision() == Decision.ALLOW_ALWAYS) {
            PermissionRule rule = PermissionPolicy.alwaysRuleFor(call.name(), needs.ruleSubject());
            try {
                if (Input.Permission.REMEMBER_PROJECT.equals(answer.remember())) {
                    agent.allowInProject(rule);
                } else {
                    rules.allowForSession(rule);
                }
            } catch (IOException | RuntimeException e) {
                out.commit(List.of(
                        new EventBody.Notice("Allowed this time, but could not remember the rule: " + e.getMessage())));
            }
        }
        return Optional.empty();
    }

    /**
     * Announces the prompt (its requestId is the call's id) and waits for the first answer.
     *
     * @throws InterruptedException when the turn is cancelled while waiting
     */
    private Input.Permission awaitAnswer(Call call, String summary) throws InterruptedException {
        PermissionPrompts prompts = agent.prompts();
        CompletableFuture<Input.Permission> answer = prompts.open(call.id());
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> answer.cancel(false))) {
            out.commit(List.of(new EventBody.PermissionRequest(call.id(), call.name(), call.input(), summary)));
            return answer.get();
        } catch (CancellationException e) {
            throw new InterruptedException("cancelled while waiting for permission");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a permission answer cannot fail", e);
        } finally {
            prompts.close(call.id());
        }
    }
}
