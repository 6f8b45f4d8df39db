package dev.baton.bench.fleet;

import dev.baton.relay.store.StoreException;
import dev.baton.relay.store.StoreLocation;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The relay a figure measures: its store, how many nodes, and extra JVM options (a flight recording, a
 * heap limit). Only what this build's relay can really run is accepted; anything else is refused with
 * one line and exit status 2, never measured on something else.
 */
public final class RelayTarget {
    /** The exit status of a run refused because the relay asked for cannot be started here. */
    public static final int UNSUPPORTED = 2;

    @Option(
            names = "--store",
            paramLabel = "URL",
            defaultValue = "embedded",
            description = "the relay's store: embedded (default), or redis://[:PASSWORD@]HOST:PORT[/DB] of a running"
                    + " Redis 7 (the figure writes into it; use an empty database)")
    String store;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            defaultValue = "1",
            description = "relay processes sharing a Redis store: 2 puts the hosts on one and the devices on the"
                    + " other (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--relay-jvm-option",
            paramLabel = "OPTION",
            description = "a JVM option for the relay process, e.g. -XX:StartFlightRecording=filename=relay.jfr")
    List<String> relayJvmOptions = new ArrayList<>();

    /** Why this build cannot run the requested relay, in one line; null when it can. */
    public String unsupported() {
        if (redis()) {
            try {
                StoreLocation.redis(store);
            } catch (StoreException bad) {
                return bad.getMessage();
            }
        } else if (!store.equals("embedded")) {
            return "--store: unknown store; use embedded or redis://HOST:PORT";
        }
        if (nodes < 1) {
            return "--nodes " + nodes + ": a run needs at least one relay";
        }
        if (nodes > 1 && !redis()) {
            return "--nodes " + nodes + ": relay nodes share sessions only through Redis; give --store redis://…";
        }
        if (nodes > 2) {
            return "--nodes " + nodes + ": a figure measures a hop across two nodes at most (hosts on one,"
                    + " devices on the other)";
        }
        return null;
    }

    /** For the result line: {@code embedded store} or {@code redis store}, never the URL (it may hold a password). */
    public String label() {
        return (redis() ? "redis" : "embedded") + " store" + (nodes > 1 ? ", " + nodes + " nodes" : "");
    }

    /** 2: hosts on one relay node and their devices on another, so every event crosses between them. */
    public int nodes() {
        return nodes;
    }

    /** The Redis URL the relay is to keep its state in, or null for the embedded store. */
    public String redisUrl() {
        return redis() ? store : null;
    }

    private boolean redis() {
        return store.startsWith("redis://") || store.startsWith("rediss://");
    }

    public List<String> relayJvmOptions() {
        return List.copyOf(relayJvmOptions);
    }
}
