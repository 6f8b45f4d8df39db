package dev.baton.protocol;

import dev.baton.protocol.event.Event;
import java.util.List;

/**
 * What a surface needs to render a session it has just (re)attached to, beyond the events it holds.
 *
 * @param pendingPermissions {@code permission_request} events not yet decided, oldest first
 */
public record Snapshot(@Nullable String title, boolean processing, List<Event> pendingPermissions, boolean online) {
    public Snapshot {
        pendingPermissions = pendingPermissions == null ? List.of() : List.copyOf(pendingPermissions);
    }

    public Snapshot withOnline(boolean value) {
        return new Snapshot(title, processing, pendingPermissions, value);
    }
}
