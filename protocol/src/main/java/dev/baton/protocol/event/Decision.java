package dev.baton.protocol.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An answer to a permission prompt. */
public enum Decision {
    @JsonProperty("allow")
    ALLOW,
    @JsonProperty("deny")
    DENY,
    @JsonProperty("allowAlways")
    ALLOW_ALWAYS
}
