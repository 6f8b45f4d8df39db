package dev.baton.server.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Cursor;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionLogTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    @Test
    void theLogIsOneEventPerLineBesideItsMetadata() throws IOException {
        Session session = new SessionStore(home).create("fix the build", workspace);
        session.submit("in-1", "editor", new Input.Message("/help"));
        Await.answer(session, "in-1");
        session.close();

        Path folder = home.resolve(session.id());
        List<String> lines = Files.readAllLines(folder.resolve("events.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines.stream().map(line -> Json.decode(line, Event.class)).toList())
                .isEqualTo(session.eventsAfter(0));
        assertThat(session.eventsAfter(0).getFirst().body()).isEqualTo(new EventBody.UserMessage("/help"));
        JsonNode metadata = Json.MAPPER.readTree(folder.resolve("session.json").toFile());
        assertThat(metadata.get("id").asText()).isEqualTo(session.id());
        assertThat(metadata.get("epoch").asText()).isEqualTo(session.cursor().epoch());
        assertThat(metadata.get("name").asText()).isEqualTo("fix the build");
        assertThat(metadata.get("directory").asText())
                .isEqualTo(workspace.toAbsolutePath().toString());
        assertThat(metadata.get("createdAt").isTextual()).isTrue();
    }

    @Test
    void aSessionStartedWithANameHasItAsItsTitleWithoutAnEventNobodyTyped() {
        SessionStore store = new SessionStore(home);
        Session session = store.create("fix the build", workspace);

        assertThat(session.eventsAfter(0)).as("no rename in the log").isEmpty();
        assertThat(session.snapshot().title()).isEqualTo("fix the build");
        assertThat(store.list()).singleElement().satisfies(info -> assertThat(info.title())
                .isEqualTo("fix the build"));
        session.close();

        Session reopened = store.open(session.id()).orElseThrow();
        assertThat(reopened.snapshot().title()).isEqualTo("fix the build");
        assertThat(store.list()).singleElement().satisfies(info -> assertThat(info.title())
                .isEqualTo("fix the build"));
        reopened.submit("in-1", "editor", new Input.Message("/rename ship it"));
        Await.answer(reopened, "in-1");
        assertThat(reopened.snapshot().title()).as("a rename still wins").isEqualTo("ship it");
        reopened.close();
    }

    @Test
    void reopeningKeepsEpochAndEventsAndContinuesTheSeqs() {
        SessionStore store = new SessionStore(home);
        Session first = store.create(null, workspace);
        first.submit("in-1", "editor", new Input.Message("!echo one"));
        Await.workDone(first, "in-1");
        Cursor before = first.cursor();
        List<Event> history = first.eventsAfter(0);
        first.close();

        Session second = new SessionStore(home).open(first.id()).orElseThrow();
        try {
            assertThat(second.cursor()).isEqualTo(before);
            assertThat(second.eventsAfter(0)).isEqualTo(history);
            assertThat(second.directory()).isEqualTo(workspace.toAbsolutePath());
            second.submit("in-2", "editor", new Input.Message("/status"));
            assertThat(Await.answer(second, "in-2"))
                    .extracting(Event::seq)
                    .containsExactly(before.seq() + 1, before.seq() + 2);
            assertThat(second.eventsAfter(0)).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        } finally {
            second.close();
        }
    }

    @Test
    void aTornLastLineIsDroppedOnOpen() throws IOException {
        Session first = new SessionStore(home).create(null, workspace);
        first.submit("in-1", "editor", new Input.Rename("torn"));
        Await.answer(first, "in-1");
        first.close();
        Path log = home.resolve(first.id()).resolve("events.jsonl");
        long wholeLines = Files.size(log);
        Files.write(
                log,
                "{\"seq\":2,\"ts\":\"2025-01-01T00:00:00Z\",\"type\":\"no".getBytes(UTF_8),
                StandardOpenOption.APPEND);

        Session reopened = new SessionStore(home).open(first.id()).orElseThrow();
        try {
            assertThat(Files.size(log)).isEqualTo(wholeLines);
            assertThat(reopened.cursor().seq()).isEqualTo(1);
            reopened.submit("in-2", "editor", new Input.Rename("mended"));
            assertThat(Await.answer(reopened, "in-2")).extracting(Event::seq).containsExactly(2L);
            assertThat(Files.readAllLines(log)).hasSize(2);
        } finally {
            reopened.close();
        }
    }

    @Test
    void damageBeforeTheLastLineIsAnErrorAndTheFileIsLeftAlone() throws IOException {
        Session first = new SessionStore(home).create("damaged", workspace);
        first.submit("in-1", "editor", new Input.Message("/help"));
        Await.answer(first, "in-1");
        first.close();
        Path log = home.resolve(first.id()).resolve("events.jsonl");
        List<String> lines = Files.readAllLines(log);
        String damaged = "garbage\n" + String.join("\n", lines.subList(1, lines.size())) + "\n";
        Files.writeString(log, damaged);

        assertThatThrownBy(() -> new SessionStore(home).open(first.id()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("damaged at line 1");
        assertThat(Files.readString(log)).isEqualTo(damaged);
    }

    @Test
    void eachSessionGetsItsOwnRandomEpoch() {
        SessionStore store = new SessionStore(home);
        Session a = store.create(null, workspace);
        Session b = store.create(null, workspace);
        try {
            assertThat(a.id()).matches("[A-Za-z0-9_-]{8,64}").isNotEqualTo(b.id());
            assertThat(a.cursor().epoch()).isNotBlank().isNotEqualTo(b.cursor().epoch());
            assertThat(a.cursor().seq()).isZero();
        } finally {
            a.close();
            b.close();
        }
    }
}
