package dev.baton.protocol.relay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a limited account token (for scripts) may do; none of them may host a session. */
public enum LimitedScope {
    /** Read the account and list its sessions. */
    @JsonProperty("read-only")
    READ_ONLY
}
