package dev.baton.server.agent.tool;

import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where, under what cancellation and in what sandbox (for Shell) a tool call runs. One context serves one call, its {@code access}
 * and its {@code run}: the paths it names are resolved once, so the call acts on the path that was
 * checked (and maybe approved) even if a symlink is swapped in while a person decides.
 */
public record ToolContext(
        Path workingDirectory, Cancellation cancellation, Sandbox sandbox, Map<String, Target> targets) {
    public ToolContext(Path workingDirectory, Cancellation cancellation, Sandbox sandbox) {
        this(workingDirectory, cancellation, sandbox, new ConcurrentHashMap<>());
    }

    public ToolContext(Path workingDirectory, Cancellation cancellation) {
        this(workingDirectory, cancellation, Sandbox.OFF);
    }

    /** The call's target for a path as given, resolved the first time it is asked for. */
    Target target(String given) {
        return targets.computeIfAbsent(given, path -> Target.resolve(path, workingDirectory));
    }
}
