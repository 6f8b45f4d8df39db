package dev.baton.server.session;

import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the log says about the session now, folded from its events: everything the snapshot shows and
 * which inputs were applied. Rebuilt by replaying the log on open, so it survives restarts exactly as
 * the log does. Not thread-safe; {@link Journal} serialises access.
 */
final class SessionState {
    private String title;
    private String titleSource;
    /** The last plain message (not {@code !command} or {@code /command}): what the conversation is about now. */
    private String lastPrompt;

    private boolean processing;
    private final Map<String, Event> pendingPermissions = new LinkedHashMap<>();
    /** Every permission request ever made, so a late answer is told it came too late. */
    private final Set<String> permissionRequests = new HashSet<>();
    /** Tool calls without a result yet, so a restart can close the ones a crash left open. */
    private final Map<String, Event> openToolCalls = new LinkedHashMap<>();
    /** Every applied input leaves at least one event stamped with its id. */
    private final Set<String> appliedInputs = new HashSet<>();

    private Instant lastActivity;

    /** An untitled session's state before its first event. */
    SessionState() {
        this(null);
    }

    /**
     * A session's state before its first event: a session started with a name has it as its title from
     * the start, kept in its metadata rather than in an event nobody's input caused.
     */
    SessionState(String startName) {
        if (startName != null) {
            title = startName;
            titleSource = Titles.NAME;
        }
    }

    void apply(Event event) {
        if (event.inputId() != null) {
            appliedInputs.add(event.inputId());
        }
        lastActivity = event.ts();
        switch (event.body()) {
            case EventBody.Title t -> {
                title = t.title();
                titleSource = t.source();
            }
            case EventBody.UserMessage m -> {
                if (Titles.isPrompt(m.text())) {
                    lastPrompt = m.text();
                }
            }
            case EventBody.Status s -> processing = s.processing();
            case EventBody.PermissionRequest r -> {
                pendingPermissions.put(r.requestId(), event);
                permissionRequests.add(r.requestId());
            }
            case EventBody.PermissionDecision d -> pendingPermissions.remove(d.requestId());
            case EventBody.ToolCall c -> openToolCalls.put(c.callId(), event);
            case EventBody.ToolResult r -> {
                openToolCalls.remove(r.callId());
                // A prompt asks about one call (its requestId is the callId): once the call has a
                // result (interrupted, or closed after a restart) nobody waits for the answer.
                pendingPermissions.remove(r.callId());
            }
            default -> {}
        }
    }

    Snapshot snapshot() {
        return new Snapshot(title, processing, List.copyOf(pendingPermissions.values()), false);
    }

    String title() {
        return title;
    }

    /** Whether a person chose the title (a name or a rename), which no automatic title replaces. */
    boolean titleChosen() {
        return Titles.NAME.equals(titleSource) || Titles.RENAME.equals(titleSource);
    }

    /** The last plain message; null when there is none. */
    String lastPrompt() {
        return lastPrompt;
    }

    boolean processing() {
        return processing;
    }

    boolean isPending(String permissionRequestId) {
        return pendingPermissions.containsKey(permissionRequestId);
    }

    /** Whether this request was ever made (and is now decided or closed, unless {@link #isPending}). */
    boolean wasRequested(String permissionRequestId) {
        return permissionRequests.contains(permissionRequestId);
    }

    List<Event> openToolCalls() {
        return List.copyOf(openToolCalls.values());
    }

    boolean isApplied(String inputId) {
        return appliedInputs.contains(inputId);
    }

    /** When the last event was committed; null for an empty log. */
    Instant lastActivity() {
        return lastActivity;
    }
}
