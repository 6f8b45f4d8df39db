package dev.baton.relay.hub.presence;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.withSettings;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;

class AttentionTest {
    @Test
    void promptsAndFinishedTurnsAreTold() {
        Attention attention = mock(Attention.class, withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));
        Instant now = Instant.now();
        List<Event> events = List.of(
                new Event(1, now, null, null, new EventBody.Status(true)),
                new Event(2, now, null, null, new EventBody.PermissionRequest("call_1", "Shell", null, "ls")),
                new Event(3, now, null, null, new EventBody.Notice("hi")),
                new Event(4, now, null, null, new EventBody.Status(false)));

        attention.unseen("acc_1", "ses_1", events);

        verify(attention).unseen("acc_1", "ses_1", events);
        verify(attention).permissionRequested("acc_1", "ses_1", "call_1");
        verify(attention).turnFinished("acc_1", "ses_1");
        verifyNoMoreInteractions(attention);
    }
}
