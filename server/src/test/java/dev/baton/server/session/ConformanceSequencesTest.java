package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend's reducer folds each event sequence of the shared conformance suite
 * ({@code conformance/sequences/}) into the snapshot written there. The web client's tests fold the same
 * files with its own reducer, so both derive the same state from the same log.
 */
class ConformanceSequencesTest {
    record Sequence(String name, JsonNode body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Sequence> sequences() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../conformance/sequences"))) {
            return files
                    .sorted()
                    .map(path -> new Sequence(path.getFileName().toString(), read(path)))
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void foldsIntoTheExpectedSnapshot(Sequence sequence) {
        SessionState state = new SessionState();
        for (JsonNode event : sequence.body().path("events")) {
            state.apply(Json.decode(event.toString(), Event.class));
        }

        // Through the text, as a client reads it: number nodes then compare by value.
        JsonNode derived = read(Json.write(state.snapshot()));
        assertThat(derived).isEqualTo(sequence.body().path("snapshot"));
    }

    private static JsonNode read(Path path) {
        try {
            return read(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
