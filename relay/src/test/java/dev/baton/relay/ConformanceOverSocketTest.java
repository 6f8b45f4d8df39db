package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Cursor;
import dev.baton.protocol.Json;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Ping;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.relay.hub.persistence.SessionLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The refusals and limits of the shared conformance suite ({@code conformance/}), sent over a real socket
 * to a real relay: each malformed frame gets its stable code and a sentence about the frame itself, never
 * a Java name, and the stream stays usable.
 */
class ConformanceOverSocketTest {
    private static final Path SUITE = Path.of("../conformance");

    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    record Refusal(String name, JsonNode body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() throws IOException {
        return folder("refused");
    }

    static Stream<Refusal> versionRefusals() throws IOException {
        return folder("refused-version");
    }

    private static Stream<Refusal> folder(String name) throws IOException {
        try (Stream<Path> files = Files.list(SUITE.resolve(name))) {
            List<Path> sorted = files.sorted().toList();
            return sorted.stream()
                    .map(path -> new Refusal(path.getFileName().toString(), read(path)))
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void malformedFramesGetTheirCodeAndMessageAndTheStreamStaysOpen(Refusal refusal) {
        dev.baton.relay.Stream stream =
                refusal.body().path("stream").asText().equals("host") ? fixture.host() : fixture.device();

        stream.sendText(refusal.body().path("text").asText());
        JsonNode error = stream.next("error");

        assertThat(error.path("code").asText())
                .isEqualTo(refusal.body().path("code").asText());
        assertThat(error.path("message").asText())
                .isEqualTo(refusal.body().path("message").asText())
                .doesNotContain("dev.baton", "java.", "Jackson", "`");
        stream.send(new Ping());
        stream.next("pong");
    }

    /** A peer of another version is told which versions meet and what to update, and its stream ends. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("versionRefusals")
    void anotherProtocolVersionIsToldSoAndTheStreamCloses(Refusal refusal) {
        dev.baton.relay.Stream stream =
                refusal.body().path("stream").asText().equals("host") ? fixture.host() : fixture.device();

        stream.sendText(refusal.body().path("text").asText());
        JsonNode error = stream.next("error");

        assertThat(error.path("code").asText())
                .isEqualTo(refusal.body().path("code").asText());
        assertThat(error.path("message").asText())
                .isEqualTo(refusal.body().path("message").asText());
        assertThat(stream.awaitClosed()).isEqualTo(1002);
    }

    @Test
    void theLimitsTheSuiteStatesAreTheRelaysDefaults() {
        JsonNode limits = read(SUITE.resolve("limits.json"));
        RelayConfig defaults = RelayConfig.defaults();

        assertThat(defaults.maxFrameBytes())
                .isEqualTo(limits.path("maxFrameBytes").asInt());
        assertThat(defaults.inputsPerSecond())
                .isEqualTo(limits.path("inputsPerSecond").asInt());
        assertThat(defaults.socketsPerToken())
                .isEqualTo(limits.path("streamsPerToken").asInt());
        assertThat(SessionLog.MAX_KEPT_INPUTS)
                .isEqualTo(limits.path("keptInputsPerSession").asInt());
    }

    @Test
    void theLargestFrameIsAcceptedAndOneByteMoreIsNot() {
        int largest = read(SUITE.resolve("limits.json")).path("maxFrameBytes").asInt();
        dev.baton.relay.Stream device = fixture.device();

        device.sendText(inputOfExactly(largest, "in-largest"));
        assertThat(device.next("inputQueued").path("inputId").asText()).isEqualTo("in-largest");

        device.sendText(inputOfExactly(largest + 1, "in-too-large"));
        JsonNode refused = device.next("error");
        assertThat(refused.path("code").asText()).isEqualTo("too_large");
        assertThat(refused.path("message").asText()).contains(String.valueOf(largest));
        device.send(new Ping());
        device.next("pong");
    }

    @Test
    void aCursorAheadOfTheTailGetsTheWholeTailAndEverySubscribeIsAnswered() {
        dev.baton.relay.Stream host = fixture.hostWithHello("epoch-a", 0);
        host.send(new EventsFrame(List.of(RelayFixture.message(1, "one"), RelayFixture.message(2, "two"))));
        assertThat(host.next("ack").path("seq").asLong()).isEqualTo(2);
        dev.baton.relay.Stream device = fixture.device();

        device.send(new Subscribe(new Cursor("epoch-a", 99)));
        JsonNode ahead = device.next("sync");
        assertThat(ahead.path("status").asText()).isEqualTo("gap");
        assertThat(ahead.path("events")).hasSize(2);

        device.send(new Subscribe(new Cursor("epoch-a", 1)));
        JsonNode again = device.next("sync");
        assertThat(again.path("status").asText()).isEqualTo("ok");
        assertThat(again.path("events")).hasSize(1);
    }

    /** An input (its sealed text as opaque to the relay as any) whose frame is exactly {@code bytes} bytes of UTF-8. */
    private static String inputOfExactly(int bytes, String inputId) {
        String head = "{\"type\":\"input\",\"inputId\":\"" + inputId + "\",\"sealed\":\"";
        String tail = "\"}";
        String frame = head + "x".repeat(bytes - head.length() - tail.length()) + tail;
        assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return frame;
    }

    private static JsonNode read(Path path) {
        try {
            return Json.MAPPER.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
