package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.Reply;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.agent.loop.AgentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain message before a model is configured, and what the answer tells the person to do next. */
class NoModelReplyTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private final FakeModelServer model = FakeModelServer.start();
    private final List<Session> sessions = new ArrayList<>();
    private SessionStore store;

    @AfterEach
    void close() {
        sessions.forEach(Session::close);
        model.close();
    }

    private Session start() {
        Session session = store.create(null, workspace);
        sessions.add(session);
        return session;
    }

    @Test
    void theAnswerSaysANewSessionPicksUpTheModelAndOneDoes() throws Exception {
        store = new SessionStore(
                home.resolve("sessions"),
                SessionSettings.defaults().withAgent(AgentSettings.configured(home, Map.of())));
        Session before = start();
        before.submit("in-1", "phone-1", new Input.Message("hello"));
        assertThat(notices(Await.answer(before, "in-1")))
                .singleElement()
                .asString()
                .startsWith("No model is configured: set ANTHROPIC_API_KEY in the environment that starts baton,")
                .contains("$BATON_HOME/config.json (default ~/.baton/config.json).")
                .endsWith("A session reads it when it starts: start a new session (or restart baton) afterwards."
                        + " Until then, !commands and /commands still work.");

        Files.writeString(
                home.resolve("config.json"),
                "{\"anthropic\": {\"apiKey\": \"key\", \"baseUrl\": \"" + model.anthropicBaseUrl() + "\"}}");
        model.enqueue(Reply.text("Hi."));
        Session after = start();
        after.submit("in-2", "phone-1", new Input.Message("hello"));

        List<Event> turn = Await.workDone(after, "in-2");
        assertThat(notices(turn)).isEmpty();
        assertThat(model.requestCount()).isEqualTo(1);
    }

    private static List<String> notices(List<Event> events) {
        return events.stream()
                .map(Event::body)
                .filter(EventBody.Notice.class::isInstance)
                .map(body -> ((EventBody.Notice) body).text())
                .toList();
    }
}
