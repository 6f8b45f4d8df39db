package dev.baton.relay.hub.presence;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.withSettings;

import dev.baton.protocol.event.SealedEvent;
import dev.baton.relay.store.SessionRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;

class AttentionTest {
    @Test
    void promptsAndFinishedTurnsAreTold() {
        Attention attention = mock(Attention.class, withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));
        Instant now = Instant.now();
        SessionRecord session = SessionRecord.create("ses_1", "acc_1", null, "sealed title", now);
        // Only the clear header counts: the sealed bodies are opaque to the relay.
        List<SealedEvent> events = List.of(
                SealedEvent.status(1, now, null, null, true),
                new SealedEvent(2, now, "permission_request", null, null, "call_1", null, "sealed"),
                new SealedEvent(3, now, "notice", null, null, null, null, "sealed"),
                new SealedEvent(4, now, "permission_decision", null, null, "call_1", null, "sealed"),
                SealedEvent.status(5, now, null, null, false));

        attention.unseen(session, events);

        verify(attention).unseen(session, events);
        verify(attention).permissionRequested(session, "call_1");
        verify(attention).turnFinished(session);
        verifyNoMoreInteractions(attention);
    }
}
