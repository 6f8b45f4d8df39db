package dev.baton.server.agent.tool;

import dev.baton.server.agent.model.Cancellation;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where and under what cancellation a tool call runs. One context serves one call, its {@code access}
 * and its {@code run}: the paths it names are resolved once, so the call acts on the path that was
 * checked (and maybe approved) even if a symlink is swapped in while a person decides.
 */
public record ToolContext(Path workingDirectory, Cancellation cancellation, Map<String, Target> targets) {
    public ToolContext(Path workingDirectory, Cancellation cancellation) {
        this(workingDirectory, cancellation, new ConcurrentHashMap<>());
    }

    /** The call's target for a path as given, resolved the first time it is asked for. */
    Target target(String given) {
        return targets.computeIfAbsent(given, path -> Target.resolve(path, workingDirectory));
    }
}
