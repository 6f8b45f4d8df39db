package dev.baton.protocol.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Frames a backend sends on {@code /v1/sessions/{id}/host}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(Frames.Hello.class),
    @JsonSubTypes.Type(Frames.EventsFrame.class),
    @JsonSubTypes.Type(Frames.SnapshotFrame.class),
    @JsonSubTypes.Type(Frames.DeltaFrame.class),
    @JsonSubTypes.Type(Frames.Ping.class),
    @JsonSubTypes.Type(Frames.Pong.class),
    @JsonSubTypes.Type(Frames.KeyFrame.class),
})
public sealed interface HostToRelay
        permits Frames.Hello,
                Frames.EventsFrame,
                Frames.SnapshotFrame,
                Frames.DeltaFrame,
                Frames.Ping,
                Frames.Pong,
                Frames.KeyFrame {}
