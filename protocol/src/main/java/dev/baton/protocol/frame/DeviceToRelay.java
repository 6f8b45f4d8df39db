package dev.baton.protocol.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Frames a device sends on {@code /v1/sessions/{id}/client}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(Frames.Subscribe.class),
    @JsonSubTypes.Type(Frames.InputFrame.class),
    @JsonSubTypes.Type(Frames.Ping.class),
    @JsonSubTypes.Type(Frames.Pong.class),
    @JsonSubTypes.Type(Frames.Visibility.class),
})
public sealed interface DeviceToRelay
        permits Frames.Subscribe, Frames.InputFrame, Frames.Ping, Frames.Pong, Frames.Visibility {}
