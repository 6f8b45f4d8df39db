package dev.baton.protocol.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Frames the relay sends to a backend on its host stream. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(Frames.Welcome.class),
    @JsonSubTypes.Type(Frames.Ack.class),
    @JsonSubTypes.Type(Frames.InputFrame.class),
    @JsonSubTypes.Type(Frames.Ping.class),
    @JsonSubTypes.Type(Frames.Pong.class),
    @JsonSubTypes.Type(Frames.ErrorFrame.class),
    @JsonSubTypes.Type(Frames.Viewers.class),
    @JsonSubTypes.Type(Frames.DevicesChanged.class),
})
public sealed interface RelayToHost
        permits Frames.Welcome,
                Frames.Ack,
                Frames.InputFrame,
                Frames.Ping,
                Frames.Pong,
                Frames.ErrorFrame,
                Frames.Viewers,
                Frames.DevicesChanged {}
