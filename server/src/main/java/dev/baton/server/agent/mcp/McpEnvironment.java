package dev.baton.server.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What of the backend's environment reaches a project's MCP servers. A server is code from the
 * project: it gets the basics a program needs to run, never the user's keys and tokens, and a
 * {@code ${VAR}} in {@code .mcp.json} expands only for variables the user listed in {@code
 * $BATON_HOME/config.json} as {@code "mcp": {"allowEnv": ["GITHUB_TOKEN", …]}}. A server that needs
 * more names it in its entry's {@code env} block.
 *
 * @param inherited given to every server: {@link #BASICS} and {@code LC_*}
 * @param expandable what {@code ${VAR}} in {@code .mcp.json} may read
 */
public record McpEnvironment(Map<String, String> inherited, Map<String, String> expandable) {
    /**
     * PATH finds the interpreters launchers need ({@code npx}, {@code uvx}, {@code python3}); HOME,
     * USER and LOGNAME locate per-user caches and identity; SHELL and TERM for servers that run
     * commands; TMPDIR where temporary files go; LANG, LC_* and TZ decode text and tell the time. Proxy
     * variables are left out: they can carry credentials.
     */
    static final Set<String> BASICS =
            Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "TMPDIR", "LANG", "TZ");

    public McpEnvironment {
        inherited = Map.copyOf(inherited);
        expandable = Map.copyOf(expandable);
    }

    /** The basics of {@code env}, and the variables of {@code allowEnv} for expansion. */
    public static McpEnvironment of(Map<String, String> env, Collection<String> allowEnv) {
        return new McpEnvironment(
                env.entrySet().stream()
                        .filter(variable -> BASICS.contains(variable.getKey())
                                || variable.getKey().startsWith("LC_"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                env.entrySet().stream()
                        .filter(variable -> allowEnv.contains(variable.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /**
     * As {@link #of}, with {@code mcp.allowEnv} read from the user's {@code config.json}; a malformed
     * list is one notice and no expansion.
     */
    public static McpEnvironment load(Path userConfig, Map<String, String> env, Consumer<String> notices) {
        JsonNode allowEnv;
        try {
            allowEnv = Json.MAPPER
                    .readTree(Files.readString(userConfig))
                    .path("mcp")
                    .path("allowEnv");
        } catch (NoSuchFileException e) {
            return of(env, Set.of());
        } catch (IOException e) {
            // The model configuration reports an unreadable config.json; here it only means no expansion.
            return of(env, Set.of());
        }
        if (allowEnv.isMissingNode() || allowEnv.isNull()) {
            return of(env, Set.of());
        }
        Set<String> names = new HashSet<>();
        allowEnv.forEach(name -> names.add(name.isTextual() ? name.asText() : null));
        if (!allowEnv.isArray() || names.contains(null)) {
            notices.accept("mcp.allowEnv in " + userConfig + " must be an array of variable names; no variable is"
                    + " passed to MCP servers until it is fixed");
            return of(env, Set.of());
        }
        return of(env, names);
    }

    /** A server's whole environment: the inherited basics, then what its entry sets. */
    Map<String, String> forServer(Map<String, String> own) {
        Map<String, String> all = new TreeMap<>(inherited);
        all.putAll(own);
        return all;
    }
}
