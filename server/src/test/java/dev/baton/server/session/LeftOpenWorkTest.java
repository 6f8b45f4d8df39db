package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeftOpenWorkTest {
    private final SessionState state = new SessionState();
    private long seq;

    private void logged(String inputId, EventBody body) {
        state.apply(new Event(++seq, Instant.EPOCH, inputId, inputId == null ? null : "phone-1", body));
    }

    @Test
    void aLogWithNothingRunningNeedsNothing() {
        logged("in-1", new EventBody.Status(true));
        logged("in-1", new EventBody.ToolCall("call_1", "shell", Json.MAPPER.createObjectNode()));
        logged("in-1", new EventBody.ToolResult("call_1", true, "ok", 0));
        logged("in-1", new EventBody.Status(false));

        assertThat(LeftOpenWork.closing(state)).isEmpty();
    }

    @Test
    void openCallsAreClosedInTheNameOfTheirInputThenTheWorkEnds() {
        logged("in-1", new EventBody.Status(true));
        logged("in-1", new EventBody.ToolCall("call_1", "shell", Json.MAPPER.createObjectNode()));

        assertThat(LeftOpenWork.closing(state))
                .containsExactly(
                        new EventDraft(
                                "in-1",
                                "phone-1",
                                new EventBody.ToolResult("call_1", false, LeftOpenWork.STOPPED_RESULT, null)),
                        EventDraft.unprompted(new EventBody.Notice(LeftOpenWork.NOTICE)),
                        EventDraft.unprompted(new EventBody.Status(false)));
    }

    @Test
    void aTurnThatDiedBetweenCallsOnlyEnds() {
        logged("in-1", new EventBody.Status(true));

        assertThat(LeftOpenWork.closing(state))
                .extracting(EventDraft::body)
                .containsExactly(new EventBody.Notice(LeftOpenWork.NOTICE), new EventBody.Status(false));
    }
}
