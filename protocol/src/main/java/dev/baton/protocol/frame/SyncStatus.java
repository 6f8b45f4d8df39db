package dev.baton.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SyncStatus {
    /** The device's cursor is valid: {@code events} are exactly those after it. */
    @JsonProperty("ok")
    OK,
    /** The cursor is from another epoch or older than the tail: start over from {@code events}. */
    @JsonProperty("gap")
    GAP
}
