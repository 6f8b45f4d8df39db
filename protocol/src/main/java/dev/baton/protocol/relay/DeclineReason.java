package dev.baton.protocol.relay;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a server-mode backend did not host a session it was handed as work. A closed set, so the relay
 * words what devices read and no free text from the machine (a path, say) passes through it.
 */
public enum DeclineReason {
    /** It hosts all the sessions its {@code --capacity} allows (two devices asked at once). */
    @JsonProperty("capacity_reached")
    CAPACITY_REACHED("it already runs all the sessions its --capacity allows"),
    /** Another baton process on the machine has the session open. */
    @JsonProperty("open_elsewhere")
    OPEN_ELSEWHERE("another baton process there has it open; continue it there, or close it there first"),
    /** The session is of another directory than the one this backend serves. */
    @JsonProperty("other_directory")
    OTHER_DIRECTORY("it belongs to another directory than the one baton remote-control serves there"),
    /** The machine no longer has the session's files. */
    @JsonProperty("missing")
    MISSING("that computer no longer has it"),
    /** Anything else, a reason of a newer backend included: the backend's own screen says what. */
    @JsonProperty("failed")
    @JsonEnumDefaultValue
    FAILED("it failed there; the terminal running baton remote-control says why");

    private final String explanation;

    DeclineReason(String explanation) {
        this.explanation = explanation;
    }

    /** The reason as a device reads it, after "Could not resume this session on its computer: ". */
    public String explanation() {
        return explanation;
    }
}
