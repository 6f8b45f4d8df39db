package dev.baton.protocol.relay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Extension: which pushes a device wants while none of the account's devices is looking at the session. */
public enum PushNotify {
    /** Permission prompts. */
    @JsonProperty("prompts")
    PROMPTS,
    /** Permission prompts, and a turn that finished. */
    @JsonProperty("turns")
    TURNS,
    /** None; the subscription is kept. */
    @JsonProperty("off")
    OFF
}
