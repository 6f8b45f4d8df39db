package dev.baton.server.session;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Waits for a session's events, polling with Awaitility within the shared timeout. */
final class Await {
    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(dev.baton.server.testing.Await.TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
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
