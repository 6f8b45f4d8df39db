package dev.baton.protocol;

import dev.baton.protocol.event.SealedEvent;
import java.util.List;

/**
 * A {@link Snapshot} as the relay stores and serves it: what lists and push need in the clear
 * ({@code processing}, the pending requests' ids), the rest sealed under the session's data key.
 *
 * @param title the session's title sealed with {@code Aad.title(sessionId)}, or null when it has none
 * @param pendingPermissions the undecided {@code permission_request} events, sealed as on the stream
 */
public record SealedSnapshot(
        @Nullable String title, boolean processing, List<SealedEvent> pendingPermissions, boolean online) {
    public SealedSnapshot {
        pendingPermissions = pendingPermissions == null ? List.of() : List.copyOf(pendingPermissions);
    }

    public SealedSnapshot withOnline(boolean value) {
        return new SealedSnapshot(title, processing, pendingPermissions, value);
    }
}
