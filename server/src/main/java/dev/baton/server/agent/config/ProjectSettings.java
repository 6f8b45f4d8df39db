package dev.baton.server.agent.config;

import java.nio.file.Path;

/**
 * The project layer of a session's settings: the folder's {@code .baton/settings.json} and {@code
 * .mcp.json}, which come with the code, possibly from someone else. The one switch for all of them:
 * while the folder is not trusted, the loaders read none of its settings (model, endpoint, provider,
 * allow rules) and start none of its MCP servers; only its deny rules still count, since they can
 * only narrow what the user allows.
 *
 * @param directory the session's working directory
 * @param trusted whether the user (or their editor) trusts the folder's project files as they are now
 */
public record ProjectSettings(Path directory, boolean trusted) {
    public static ProjectSettings trusted(Path directory) {
        return new ProjectSettings(directory, true);
    }

    public static ProjectSettings untrusted(Path directory) {
        return new ProjectSettings(directory, false);
    }

    /** {@code .baton/settings.json}: honoured whole when trusted; for its deny rules only when not. */
    public Path settingsFile() {
        return directory.resolve(".baton").resolve("settings.json");
    }
}
