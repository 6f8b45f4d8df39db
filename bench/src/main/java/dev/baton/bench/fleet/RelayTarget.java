package dev.baton.bench.fleet;

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
            description = "the relay's store: embedded (default), or redis://HOST:PORT once the relay has one")
    String store;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            defaultValue = "1",
            description = "relay processes sharing the store (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--relay-jvm-option",
            paramLabel = "OPTION",
            description = "a JVM option for the relay process, e.g. -XX:StartFlightRecording=filename=relay.jfr")
    List<String> relayJvmOptions = new ArrayList<>();

    /** Why this build cannot run the requested relay, in one line; null when it can. */
    public String unsupported() {
        if (store.startsWith("redis://") || store.startsWith("rediss://")) {
            return "--store " + store + ": this build's relay has no Redis store yet (only the embedded one);"
                    + " run without --store to measure the embedded store";
        }
        if (!store.equals("embedded")) {
            return "--store " + store + ": unknown store; use embedded or redis://HOST:PORT";
        }
        if (nodes < 1) {
            return "--nodes " + nodes + ": a run needs at least one relay";
        }
        if (nodes > 1) {
            return "--nodes " + nodes + ": several relays need a store they share (Redis), which this build's"
                    + " relay does not have yet";
        }
        return null;
    }

    /** For the result line: {@code embedded store}. */
    public String label() {
        return store + " store" + (nodes > 1 ? ", " + nodes + " nodes" : "");
    }

    public List<String> relayJvmOptions() {
        return List.copyOf(relayJvmOptions);
    }
}
