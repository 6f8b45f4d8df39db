package dev.baton.server.session;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.util.ArrayList;
import java.util.List;

/**
 * Work a previous process left running when it died: no one will finish it, so a session that takes
 * the log over says so, or every surface would show it running for ever.
 */
final class LeftOpenWork {
    static final String STOPPED_RESULT = "[stopped: baton exited before this finished]";
    static final String NOTICE = "Baton stopped while work was running; that work did not finish.";

    private LeftOpenWork() {}

    /** The events that close what the log left open: empty when nothing is. */
    static List<EventDraft> closing(SessionState state) {
        List<Event> openCalls = state.openToolCalls();
        if (openCalls.isEmpty() && !state.processing()) {
            return List.of();
        }
        List<EventDraft> drafts = new ArrayList<>();
        for (Event call : openCalls) {
            String callId = ((EventBody.ToolCall) call.body()).callId();
            drafts.add(new EventDraft(
                    call.inputId(), call.origin(), new EventBody.ToolResult(callId, false, STOPPED_RESULT, null)));
        }
        drafts.add(EventDraft.unprompted(new EventBody.Notice(NOTICE)));
        if (state.processing()) {
            drafts.add(EventDraft.unprompted(new EventBody.Status(false)));
        }
        return drafts;
    }
}
