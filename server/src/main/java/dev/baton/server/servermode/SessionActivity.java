package dev.baton.server.servermode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.server.session.SessionListener;
import dev.baton.server.terminal.Columns;
import dev.baton.server.terminal.ScreenState.Activity;
import java.util.List;

/**
 * What one hosted session is doing, read from its events as they commit: idle, working, or waiting for a
 * permission, and the tool running now ({@code Edit src/app.ts}, {@code Shell npm test}).
 */
final class SessionActivity implements SessionListener {
    private final Runnable changed;
    private volatile Activity activity = Activity.IDLE;
    private volatile String tool;
    private volatile String title;

    SessionActivity(String title, Runnable changed) {
        this.title = title;
        this.changed = changed;
    }

    Activity activity() {
        return activity;
    }

    String tool() {
        return tool;
    }

    String title() {
        return title;
    }

    @Override
    public void onEvents(List<Event> events) {
        for (Event event : events) {
            switch (event.body()) {
                case EventBody.ToolCall call -> tool = label(call.tool(), call.input());
                case EventBody.ToolResult ignored -> tool = null;
                case EventBody.Title named -> title = named.title();
                default -> {}
            }
        }
        changed.run();
    }

    @Override
    public void onSnapshot(Snapshot snapshot) {
        activity = !snapshot.pendingPermissions().isEmpty()
                ? Activity.WAITING_FOR_PERMISSION
                : snapshot.processing() ? Activity.WORKING : Activity.IDLE;
        if (snapshot.title() != null) {
            title = snapshot.title();
        }
        if (!snapshot.processing()) {
            tool = null;
        }
        changed.run();
    }

    /** The tool and what it works on: a path, a command or a pattern, whichever the input has. */
    static String label(String tool, JsonNode input) {
        if (input == null) {
            return tool;
        }
        for (String field : List.of("path", "command", "pattern", "url")) {
            JsonNode value = input.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                String text = value.asText().strip().replaceAll("\\s+", " ");
                return tool + " " + Columns.cut(text, 60);
            }
        }
        return tool;
    }
}
