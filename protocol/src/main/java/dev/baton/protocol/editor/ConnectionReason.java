package dev.baton.protocol.editor;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Extension: why Remote Control turned itself {@code off}, so the editor can say so and offer to start
 * it again. A stop the user asked for has no reason.
 */
public enum ConnectionReason {
    /** The relay was unreachable for the whole offline limit ({@code --offline-timeout}). */
    @JsonProperty("offline_limit")
    OFFLINE_LIMIT
}
