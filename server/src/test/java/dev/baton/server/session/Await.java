package dev.baton.server.session;

import static org.assertj.core.api.Assertions.fail;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Waits on conditions with a deadline, never on time alone. */
final class Await {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
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
