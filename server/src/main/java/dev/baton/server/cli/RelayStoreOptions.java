package dev.baton.server.cli;

import dev.baton.relay.store.StoreException;
import dev.baton.relay.store.StoreLocation;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --store URL} or {@code --data-dir DIR}: where {@code baton relay} and its admin commands find
 * the relay's state. With Redis, every node of a deployment and every admin command share one store, so
 * an operator never needs a node's data directory.
 */
final class RelayStoreOptions {
    static final String REDIS_URL_VARIABLE = "BATON_RELAY_REDIS_URL";

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "Keep the relay's state in Redis: redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://…"
                    + " (default: $" + REDIS_URL_VARIABLE + ", which keeps a password out of the process list).")
    String store;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The embedded store's directory, when the state is not in Redis (baton relay: default"
                    + " $BATON_HOME/relay).")
    Path dataDir;

    private final Map<String, String> env;

    RelayStoreOptions(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The store chosen: {@code --store}, else {@code --data-dir}, else the variable, else
     * {@code defaultDataDir}. {@code --data-dir} beside the variable is refused, not one of them ignored.
     *
     * @param defaultDataDir null when the command needs the store named
     * @throws CommandFailure a usage error (exit 2) with a stable code for a bad or missing choice
     */
    StoreLocation location(Path defaultDataDir) {
        if (store != null && dataDir != null) {
            throw usage(StoreException.BAD_URL, "--store and --data-dir cannot be used together; give one");
        }
        String variable = env.get(REDIS_URL_VARIABLE);
        if (dataDir != null && variable != null && !variable.isBlank()) {
            // Letting either win silently splits a cluster: a node meant for the shared Redis would run
            // on its own files (or the other way round), and its tokens would be refused on every other node.
            throw usage(
                    StoreException.BAD_URL,
                    "--data-dir and $" + REDIS_URL_VARIABLE + " name two different stores; drop the flag or unset"
                            + " the variable");
        }
        String url = store != null ? store : dataDir != null ? null : variable;
        if (url != null && !url.isBlank()) {
            try {
                return StoreLocation.redis(url);
            } catch (StoreException e) {
                throw failure(e);
            }
        }
        Path dir = dataDir != null ? dataDir : defaultDataDir;
        if (dir == null) {
            throw usage(
                    "store_missing",
                    "name the relay's store: --store redis://HOST:PORT, $" + REDIS_URL_VARIABLE
                            + ", or --data-dir DIR");
        }
        return new StoreLocation.Embedded(dir);
    }

    /** How a hint names this store again, without a password: {@code --store redis://h:p/0} or {@code --data-dir D}. */
    String asArgument(StoreLocation location) {
        return switch (location) {
            case StoreLocation.Redis redis -> "--store " + redis.display();
            case StoreLocation.Embedded embedded -> "--data-dir " + embedded.dataDir();
        };
    }

    /** A store that cannot be opened: its code and one line, exit 2. */
    static CommandFailure failure(StoreException e) {
        return usage(e.code(), e.getMessage());
    }

    private static CommandFailure usage(String code, String message) {
        return new CommandFailure(code + ": " + message, null, CommandLine.ExitCode.USAGE);
    }
}
