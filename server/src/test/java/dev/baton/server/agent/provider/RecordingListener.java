package dev.baton.server.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.server.agent.model.ModelEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Keeps every event a provider emitted and lets a test wait for one. */
final class RecordingListener implements Consumer<ModelEvent> {
    private final List<ModelEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ModelEvent event) {
        events.add(event);
    }

    List<ModelEvent> events() {
        return List.copyOf(events);
    }

    <T extends ModelEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    String text() {
        StringBuilder text = new StringBuilder();
        of(ModelEvent.TextDelta.class).forEach(delta -> text.append(delta.text()));
        return text.toString();
    }

    /** Polls until an event matches, failing at the deadline with every event seen. */
    void awaitEvent(Predicate<ModelEvent> matches, Duration timeout) {
        await("a matching event")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(5))
                .untilAsserted(() -> assertThat(events).as("the events").anyMatch(matches));
    }
}
