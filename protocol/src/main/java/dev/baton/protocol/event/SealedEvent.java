package dev.baton.protocol.event;

import dev.baton.protocol.Nullable;
import java.time.Instant;

/**
 * An {@link Event} as it travels through and rests on the relay: the header in the clear, the body
 * sealed. The relay routes, stores and counts with the header alone; only a device holding the session's
 * data key reads {@code sealed}, which holds the whole body ({@code type} included) as JSON.
 *
 * <p>Two kinds keep one more fact in the clear because the relay acts on it: {@code status} carries
 * {@code processing} and nothing sealed (lists and finished-turn pushes), and {@code permission_request}
 * and {@code permission_decision} carry {@code requestId} (pending counts and prompt pushes). A stream
 * frame that breaks these rules is refused when decoded (RequiredFields).
 *
 * @param type the body's type, also bound into the seal's associated data so it cannot be relabelled
 * @param requestId for {@code permission_request} and {@code permission_decision} only
 * @param processing for {@code status} only
 * @param inputId bound into the seal's associated data, like {@code origin}; on a {@code status} event,
 *     which seals nothing, bound to nothing, so a device never settles a pending input on it
 * @param sealed the body, sealed with {@code Aad.event(sessionId, epoch, seq, type, inputId, origin)}; absent
 *     for {@code status}
 */
public record SealedEvent(
        long seq,
        Instant ts,
        String type,
        @Nullable String inputId,
        @Nullable String origin,
        @Nullable String requestId,
        @Nullable Boolean processing,
        @Nullable String sealed) {
    public static final String STATUS = "status";
    public static final String PERMISSION_REQUEST = "permission_request";
    public static final String PERMISSION_DECISION = "permission_decision";

    /** A {@code status} event: nothing sealed. */
    public static SealedEvent status(
            long seq, Instant ts, @Nullable String inputId, @Nullable String origin, boolean processing) {
        return new SealedEvent(seq, ts, STATUS, inputId, origin, null, processing, null);
    }
}
