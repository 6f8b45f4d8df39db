package dev.baton.server.trust;

import java.nio.file.Path;
import java.util.List;

/** What the user decided about a folder, and whether its project files are still what they decided on. */
public sealed interface TrustStatus {
    /** The folder, as its real path: trust is recorded per real path so a link cannot borrow it. */
    Path folder();

    /** The user trusted the folder and its project files are unchanged since. */
    record Trusted(Path folder) implements TrustStatus {}

    /** The user was asked and said no: the folder runs with its project layer off, without asking again. */
    record Declined(Path folder) implements TrustStatus {}

    /** No decision for this folder. */
    record Untrusted(Path folder) implements TrustStatus {}

    /**
     * The user trusted the folder, but these project files (relative paths such as {@code .mcp.json})
     * changed since: what was trusted is not what would run.
     */
    record Changed(Path folder, List<String> files) implements TrustStatus {
        public Changed {
            files = List.copyOf(files);
        }
    }

    default boolean trusted() {
        return this instanceof Trusted;
    }
}
