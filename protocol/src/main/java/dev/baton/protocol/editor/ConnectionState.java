package dev.baton.protocol.editor;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The backend's connection to the relay, as the editor's status bar shows it. */
public enum ConnectionState {
    @JsonProperty("off")
    OFF,
    @JsonProperty("connecting")
    CONNECTING,
    @JsonProperty("online")
    ONLINE,
    @JsonProperty("reconnecting")
    RECONNECTING,
    @JsonProperty("offline")
    OFFLINE
}
