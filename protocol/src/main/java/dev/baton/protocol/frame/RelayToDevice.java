package dev.baton.protocol.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Frames the relay sends to a device on its session stream. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(Frames.Sync.class),
    @JsonSubTypes.Type(Frames.EventsFrame.class),
    @JsonSubTypes.Type(Frames.DeltaFrame.class),
    @JsonSubTypes.Type(Frames.Presence.class),
    @JsonSubTypes.Type(Frames.InputQueued.class),
    @JsonSubTypes.Type(Frames.ErrorFrame.class),
    @JsonSubTypes.Type(Frames.Ping.class),
    @JsonSubTypes.Type(Frames.Pong.class),
})
public sealed interface RelayToDevice
        permits Frames.Sync,
                Frames.EventsFrame,
                Frames.DeltaFrame,
                Frames.Presence,
                Frames.InputQueued,
                Frames.ErrorFrame,
                Frames.Ping,
                Frames.Pong {}
