package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.HostToRelay;
import dev.baton.protocol.frame.RelayToDevice;
import dev.baton.protocol.frame.RelayToHost;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edge cases and refusals of {@code conformance/}: what a reader ignores, what it may find missing,
 * and the code and message a malformed frame gets. The relay's own tests send the refusals over a real
 * socket; the web client's tests read the same files.
 */
class ConformanceTest {
    private static final Map<String, Class<?>> ROOTS = Map.of(
            "HostToRelay", HostToRelay.class,
            "RelayToHost", RelayToHost.class,
            "DeviceToRelay", DeviceToRelay.class,
            "RelayToDevice", RelayToDevice.class,
            "Event", Event.class,
            "Input", Input.class,
            "SealedEvent", SealedEvent.class);

    record Case(String name, JsonNode body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> edges() {
        return cases("edge");
    }

    static Stream<Case> refusals() {
        return cases("refused");
    }

    static Stream<Case> versionRefusals() {
        return cases("refused-version");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void edgeCasesReadAsTheyShouldAndAreValid(Case edge) throws Exception {
        String root = edge.body().path("as").asText();
        JsonNode wire = edge.body().path("wire");
        JsonNode reads = edge.body().has("reads") ? edge.body().get("reads") : wire;

        Object value = Json.decode(Json.write(wire), ROOTS.get(root));

        assertThat(Json.MAPPER.readTree(Json.write(value))).isEqualTo(reads);
        assertThat(Conformance.validate(root, wire)).isEmpty();
        assertThat(Conformance.validate(root, reads)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusalsGetTheirCodeAndASentenceAboutTheFrame(Case refusal) {
        Class<?> direction =
                refusal.body().path("stream").asText().equals("host") ? HostToRelay.class : DeviceToRelay.class;
        String text = refusal.body().path("text").asText();

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, () -> Json.decode(text, direction));

        assertThat(refused).as("refused: %s", text).isNotNull();
        assertThat(refused.code().wire()).isEqualTo(refusal.body().path("code").asText());
        assertThat(refused.getMessage())
                .isEqualTo(refusal.body().path("message").asText());
    }

    /** A peer of another version is told so (and the relay closes its stream, which its own tests check). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("versionRefusals")
    void anotherVersionGetsItsCodeAndBothVersions(Case refusal) {
        refusalsGetTheirCodeAndASentenceAboutTheFrame(refusal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void theSchemaRefusesWhatTheDecoderRefuses(Case refusal) {
        String root = refusal.body().path("stream").asText().equals("host") ? "HostToRelay" : "DeviceToRelay";
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(refusal.body().path("text").asText());
        } catch (Exception notJson) {
            return; // nothing for a schema to judge
        }
        assertThat(Conformance.validate(root, parsed)).isNotEmpty();
    }

    private static Stream<Case> cases(String folder) {
        return Conformance.files(folder).stream()
                .map(path -> new Case(name(path), Conformance.tree(Conformance.read(path))));
    }

    private static String name(Path path) {
        return path.getFileName().toString().replace(".json", "");
    }
}
