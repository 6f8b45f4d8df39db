package dev.baton.protocol.editor;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Extension: why Remote Control is not online when the backend knows more than a failed attempt tells,
 * so the editor can say so and offer what helps. A stop the user asked for has no reason.
 */
public enum ConnectionReason {
    /**
     * With {@code off}: the relay was unreachable for the whole offline limit ({@code --offline-timeout});
     * Remote Control turned itself off.
     */
    @JsonProperty("offline_limit")
    OFFLINE_LIMIT,

    /**
     * With {@code reconnecting}: the shared embedded relay's port is held by a program that is not a Baton
     * relay (it took the port after the backend running the relay exited). Remote Control keeps trying and
     * takes the relay over once the port is free.
     */
    @JsonProperty("port_taken")
    PORT_TAKEN
}
