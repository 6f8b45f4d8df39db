package dev.baton.server.agent.loop;

import dev.baton.server.agent.config.ConfigException;
import dev.baton.server.agent.config.ConfigReport;
import dev.baton.server.agent.config.ModelConfigLoader;
import dev.baton.server.agent.config.ModelSettings;
import dev.baton.server.agent.config.ModelSetup;
import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.config.ProjectTrust;
import dev.baton.server.agent.mcp.McpEnvironment;
import dev.baton.server.agent.mcp.McpServers;
import dev.baton.server.agent.model.ModelProvider;
import dev.baton.server.agent.model.ToolSpec;
import dev.baton.server.agent.model.Usage;
import dev.baton.server.agent.permission.ManagedSettings;
import dev.baton.server.agent.permission.PermissionPolicy;
import dev.baton.server.agent.permission.PermissionRule;
import dev.baton.server.agent.permission.PermissionSettingsException;
import dev.baton.server.agent.provider.ModelProviders;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.trust.ProjectFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one session: its model, tools and permission rules, and the prompts its turns wait
 * on. Made when the session opens, closed with it.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    static final String SYSTEM_PROMPT =
            """
            You are Baton, a coding agent working in the user's project on their own machine. The user may \
            be at the terminal, in their editor or on a phone. Use the tools to read and change files and to \
            run commands in the project's directory; tools that change something ask the user first. Be brief.""";

    private final ModelProvider provider;
    private final ModelSettings settings;
    private final Path workingDirectory;
    private final ProjectSettings project;
    private final ProjectTrust trust;
    private final List<Tool> ownTools;
    /** The project's MCP servers, starting in the background so that opening a session never waits for them. */
    private final CompletableFuture<Optional<McpServers>> mcp = new CompletableFuture<>();

    private volatile Map<String, Tool> tools;
    private final PermissionPolicy rules;
    private final Sandbox sandbox;
    private final PermissionPrompts prompts = new PermissionPrompts();
    private final AtomicReference<Usage> usage = new AtomicReference<>(Usage.NONE);

    private Agent(
            ModelProvider provider,
            ModelSettings settings,
            ProjectSettings project,
            ProjectTrust trust,
            List<Tool> tools,
            PermissionPolicy rules,
            Sandbox sandbox,
            McpEnvironment mcpEnvironment,
            Consumer<String> notices) {
        this.provider = provider;
        this.sandbox = sandbox;
        this.settings = settings;
        this.workingDirectory = project.directory();
        this.project = project;
        this.trust = trust;
        this.ownTools = List.copyOf(tools);
        this.rules = rules;
        Thread.ofVirtual().name("mcp-start").start(() -> startMcp(mcpEnvironment, notices));
    }

    /** Always completes {@link #mcp}: a turn waits on it, and must never wait for ever. */
    private void startMcp(McpEnvironment environment, Consumer<String> notices) {
        try {
            mcp.complete(Optional.of(McpServers.start(project, environment, notices, sandbox)));
        } catch (RuntimeException e) {
            LOG.error("MCP servers of {} could not be started", workingDirectory, e);
            notices.accept("The MCP servers of this project could not be started: " + e.getMessage());
            mcp.complete(Optional.empty());
        }
    }

    /** Whether a session may run the agent, and if not why; with the configuration report for {@code /config}. */
    public sealed interface Availability {
        String configReport();

        record Ready(Agent agent, String configReport) implements Availability {}

        /** @param reason what is missing and how to set it, fit for the user */
        record Unavailable(String reason, String configReport) implements Availability {}
    }

    static final String NO_CONFIGURATION =
            "No model is configured: set ANTHROPIC_API_KEY in the environment that starts baton, or add a"
                    + " model to $BATON_HOME/config.json (default ~/.baton/config.json).";

    static final String UNTRUSTED =
            "This folder's project settings are off until you trust it: Baton does not start the MCP servers of"
                    + " its .mcp.json, and ignores its .baton/settings.json (allow rules, model, endpoint, provider)"
                    + " except deny rules. To trust it, run: baton trust %s (or trust the folder in your editor).";

    /**
     * Reads the model configuration for a session in {@code workingDirectory} and, when it is complete,
     * connects and starts the project's MCP servers.
     *
     * @param notices what the person should know, such as an MCP server that did not start; called
     *     from other threads
     */
    public static Availability prepare(AgentSettings settings, Path workingDirectory, Consumer<String> notices) {
        if (settings.batonHome() == null) {
            return new Availability.Unavailable(NO_CONFIGURATION, ConfigReport.notReady(NO_CONFIGURATION) + "\n");
        }
        ProjectSettings project = projectSettings(settings.trust(), workingDirectory, notices);
        ModelSetup setup;
        try {
            setup = ModelConfigLoader.load(settings.batonHome(), project, settings.environment());
        } catch (ConfigException e) {
            return new Availability.Unavailable(e.getMessage(), "Model: configuration error. " + e.getMessage() + "\n");
        }
        String report = ConfigReport.render(setup);
        return switch (setup) {
            case ModelSetup.NotConfigured missing -> new Availability.Unavailable(missing.reason(), report);
            case ModelSetup.Ready ready -> {
                PermissionPolicy rules;
                try {
                    rules = PermissionPolicy.load(project, ManagedSettings.load(settings.environment()));
                } catch (PermissionSettingsException e) {
                    // Running without the person's deny rules is not what they asked for: say what to fix.
                    yield new Availability.Unavailable(e.getMessage(), report);
                }
                ModelProvider provider = ModelProviders.create(ready, settings.retries());
                yield new Availability.Ready(
                        new Agent(
                                provider,
                                ready.settings(),
                                project,
                                settings.trust(),
                                settings.tools().apply(workingDirectory),
                                rules,
                                settings.sandbox(),
                                McpEnvironment.load(
                                        settings.batonHome().resolve("config.json"), settings.environment(), notices),
                                notices),
                        report);
            }
        };
    }

    /**
     * The folder's project layer, on or off as its trust says; when off while the folder has project
     * files, one notice saying so and how to trust it. Trust that cannot be read is no trust.
     */
    private static ProjectSettings projectSettings(ProjectTrust trust, Path directory, Consumer<String> notices) {
        ProjectSettings project;
        try {
            project = trust.settings(directory);
        } catch (RuntimeException e) {
            notices.accept("Cannot tell whether this folder is trusted: " + e.getMessage());
            project = ProjectSettings.untrusted(directory);
        }
        if (!project.trusted() && ProjectFiles.any(directory)) {
            notices.accept(UNTRUSTED.formatted(directory));
        }
        return project;
    }

    /** "Always allow" remembered in the project's settings, keeping a trusted folder trusted. */
    void allowInProject(PermissionRule rule) throws IOException {
        trust.whileWriting(workingDirectory, () -> rules.allowInProject(rule));
    }

    /** A turn that answers the conversation in {@code out}'s log; run it on its own thread. */
    public AgentTurn turn(TurnOutput out) {
        return new AgentTurn(this, out);
    }

    public PermissionPrompts prompts() {
        return prompts;
    }

    /** For {@code /status}: the model and who serves it. */
    public String describe() {
        return model() + " (" + provider.displayName() + ")";
    }

    /** Tokens used by this session's turns since it opened. */
    public Usage usage() {
        return usage.get();
    }

    void count(Usage more) {
        usage.accumulateAndGet(more, Usage::plus);
    }

    String model() {
        return settings.model().value();
    }

    int maxTokens() {
        return settings.maxTokens().value();
    }

    /** The instructions, with the project's directory: tools take paths relative to it. */
    String systemPrompt() {
        return SYSTEM_PROMPT + "\n\nThe project's directory (the tools' working directory): " + workingDirectory;
    }

    String providerName() {
        return provider.displayName();
    }

    ModelProvider provider() {
        return provider;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /** Where this session's shell commands and MCP servers run. */
    Sandbox sandbox() {
        return sandbox;
    }

    PermissionPolicy rules() {
        return rules;
    }

    List<ToolSpec> toolSpecs() {
        return tools().values().stream()
                .map(tool -> new ToolSpec(tool.name(), tool.description(), tool.inputSchema()))
                .toList();
    }

    Optional<Tool> tool(String name) {
        return Optional.ofNullable(tools().get(name));
    }

    /** The session's tools and its MCP servers' tools; the first turn waits for the servers to start. */
    private Map<String, Tool> tools() {
        Map<String, Tool> known = tools;
        if (known == null) {
            Map<String, Tool> all = new LinkedHashMap<>();
            ownTools.forEach(tool -> all.put(tool.name(), tool));
            mcp.join().ifPresent(servers -> servers.tools().forEach(tool -> all.putIfAbsent(tool.name(), tool)));
            known = Collections.unmodifiableMap(all);
            tools = known;
        }
        return known;
    }

    @Override
    public void close() {
        provider.close();
        // Servers still starting are stopped once started; closing the session does not wait for that.
        mcp.thenAccept(started -> started.ifPresent(servers -> {
            try {
                servers.close();
            } catch (RuntimeException e) {
                LOG.warn("MCP servers of {} did not stop cleanly", workingDirectory, e);
            }
        }));
    }
}
