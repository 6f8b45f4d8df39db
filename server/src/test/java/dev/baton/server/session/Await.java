package dev.baton.server.session;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Waits for a session's events, polling with Awaitility within the shared timeout. */
final class Await {
    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        dev.baton.server.testing.Await.until(what, condition);
    }

    static List<Event> stamped(Session session, String inputId) {
        return session.eventsAfter(0).stream()
                .filter(event -> inputId.equals(event.inputId()))
                .toList();
    }

    /** The events of an input that is answered in one commit (everything but work). */
    static List<Event> answer(Session session, String inputId) {
        until("an event stamped " + inputId, () -> !stamped(session, inputId).isEmpty());
        return stamped(session, inputId);
    }

    /** The events of an input whose work has ended ({@code status{processing:false}} stamped with it). */
    static List<Event> workDone(Session session, String inputId) {
        until("the work of " + inputId + " to end", () -> stamped(session, inputId).stream()
                .anyMatch(event -> event.body() instanceof EventBody.Status s && !s.processing()));
        return stamped(session, inputId);
    }
}
