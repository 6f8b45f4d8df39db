package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that refuses writes loses no committed event, publishes none it did not write, and says so. */
class LogWriteFailureTest {
    @TempDir
    Path workspace;

    @TempDir
    Path folder;

    private FullDiskChannel channel;
    private Session session;
    private final SubscriptionTest.Recorder recorder = new SubscriptionTest.Recorder();

    @BeforeEach
    void startSession() throws IOException {
        SessionMetadata metadata = new SessionMetadata("full-disk-1", "epoch-1", null, workspace, Instant.now());
        EventLog log = EventLog.open(logFile(), Clock.systemUTC(), file -> channel = new FullDiskChannel(file));
        session = LocalSession.start(metadata, log, SessionSettings.defaults(), closed -> {});
        session.subscribe(0, recorder);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void aRefusedInputLeavesNoTraceAndItsRetryIsAppliedAfterTheReport() throws IOException {
        session.submit("in-0", "editor", new Input.Rename("before"));
        Await.answer(session, "in-0");
        long sizeBefore = Files.size(logFile());

        channel.full = true;
        session.submit("in-1", "phone-1", new Input.Rename("during"));
        Await.until("the write to fail", () -> channel.failedWrites.get() == 1);
        Await.until("the torn write to be cut back", () -> size() == sizeBefore);
        assertThat(session.cursor().seq()).isEqualTo(1);
        assertThat(session.snapshot().title()).isEqualTo("before");

        channel.full = false;
        session.submit("in-1", "phone-1", new Input.Rename("during"));

        Await.answer(session, "in-1");
        List<Event> after = session.eventsAfter(1);
        assertThat(after)
                .extracting(Event::type, Event::inputId)
                .containsExactly(tuple("error", null), tuple("title", "in-1"));
        assertThat(((EventBody.Error) after.get(0).body()).code()).isEqualTo("log_write_failed");
        assertThat(fileEvents()).isEqualTo(session.eventsAfter(0));
        Await.until("the subscriber to hear all three", () -> recorder.events.size() == 3);
        assertThat(recorder.events).isEqualTo(fileEvents());
    }

    @Test
    void theEndOfWorkIsWrittenOnceTheDiskRecovers() {
        session.submit("in-1", "editor", new Input.Message("!until [ -e go ]; do sleep 0.01; done; echo done"));
        Await.until("the command to start", () -> session.snapshot().processing());

        channel.full = true;
        createFile(workspace.resolve("go"));
        Await.until("the end of the command to fail to write", () -> channel.failedWrites.get() >= 1);
        assertThat(session.snapshot().processing()).isTrue();

        channel.full = false;
        session.submit("in-2", "editor", new Input.Message("/help"));

        Await.answer(session, "in-2");
        assertThat(session.eventsAfter(0))
                .extracting(event -> event.inputId() + ":" + event.type())
                .containsExactly(
                        "in-1:user_message",
                        "in-1:status",
                        "in-1:tool_call",
                        "null:error",
                        "in-1:tool_result",
                        "in-1:status",
                        "in-2:user_message",
                        "in-2:notice");
        assertThat(session.snapshot().processing()).isFalse();
        assertThat(fileEvents()).isEqualTo(session.eventsAfter(0));
    }

    private Path logFile() {
        return folder.resolve("events.jsonl");
    }

    private long size() {
        try {
            return Files.size(logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Event> fileEvents() {
        try {
            return Files.readAllLines(logFile()).stream()
                    .map(line -> Json.decode(line, Event.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createFile(Path file) {
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
