package dev.baton.protocol.relay;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum WorkKind {
    /** Host an existing session again (a device opened it while its host was away). */
    @JsonProperty("attach")
    ATTACH,
    /** Make a new session (a device asked the environment to spawn one). */
    @JsonProperty("create")
    CREATE
}
