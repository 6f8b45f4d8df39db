package dev.baton.protocol.relay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a server-mode environment makes a new session on a device's request. */
public enum SpawnMode {
    /** Only the sessions the backend registers itself; devices cannot spawn. */
    @JsonProperty("single-session")
    SINGLE_SESSION,
    @JsonProperty("same-dir")
    SAME_DIR,
    @JsonProperty("worktree")
    WORKTREE
}
