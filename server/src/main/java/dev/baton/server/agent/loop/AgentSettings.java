package dev.baton.server.agent.loop;

import dev.baton.server.agent.config.ProjectTrust;
import dev.baton.server.agent.provider.RetryPolicy;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.agent.tool.ToolSet;
import dev.baton.server.config.BatonHome;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.trust.WorkspaceTrust;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What sessions need to run the agent.
 *
 * @param batonHome where {@code config.json} is read from; null reads no configuration at all, so the
 *     sessions have no model (tests of the session engine, which must not pick up a developer's key)
 * @param environment the variables the model configuration may come from
 * @param tools the tools of a session, by its working directory
 * @param trust whether a session's project layer counts
 * @param sandbox where the session's shell commands ({@code !} and the Shell tool) and MCP servers run
 */
public record AgentSettings(
        Path batonHome,
        Map<String, String> environment,
        RetryPolicy retries,
        Function<Path, List<Tool>> tools,
        ProjectTrust trust,
        Sandbox sandbox) {
    public AgentSettings {
        Objects.requireNonNull(sandbox, "sandbox");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(trust, "trust");
    }

    /** No model: plain messages are answered with a notice saying how to configure one. */
    public static AgentSettings none() {
        return new AgentSettings(
                null, Map.of(), RetryPolicy.defaults(), directory -> List.of(), ProjectTrust.NONE, Sandbox.OFF);
    }

    /**
     * The model configured under {@code batonHome}, in the project (when the user trusts it) and in
     * {@code environment}, with the built-in tools.
     */
    public static AgentSettings configured(Path batonHome, Map<String, String> environment) {
        return none().withConfiguration(batonHome, environment)
                .withTools(directory -> ToolSet.builtIn().all())
                .withTrust(WorkspaceTrust.in(new BatonHome(batonHome)));
    }

    public AgentSettings withConfiguration(Path home, Map<String, String> variables) {
        return new AgentSettings(Objects.requireNonNull(home, "home"), variables, retries, tools, trust, sandbox);
    }

    public AgentSettings withRetries(RetryPolicy value) {
        return new AgentSettings(batonHome, environment, value, tools, trust, sandbox);
    }

    public AgentSettings withTools(Function<Path, List<Tool>> value) {
        return new AgentSettings(batonHome, environment, retries, value, trust, sandbox);
    }

    /** Decides by {@code value} whether a session's project layer counts (the editor's word, for one). */
    public AgentSettings withTrust(ProjectTrust value) {
        return new AgentSettings(batonHome, environment, retries, tools, value, sandbox);
    }

    public AgentSettings withSandbox(Sandbox value) {
        return new AgentSettings(batonHome, environment, retries, tools, trust, value);
    }
}
