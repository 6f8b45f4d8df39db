package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.editor.EditorApi;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.HostToRelay;
import dev.baton.protocol.frame.RelayToDevice;
import dev.baton.protocol.frame.RelayToHost;
import dev.baton.protocol.relay.RelayApi;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every wire type read from a golden example of {@code conformance/messages/} (written by hand from
 * the wire contract), written back to the same JSON, and valid against the generated JSON Schema. A file's name
 * is the frame, event or input type it holds, or the record it is.
 */
class WireFixturesTest {
    private static final Map<String, Class<?>> POLYMORPHIC = Map.of(
            "host-to-relay", HostToRelay.class,
            "relay-to-host", RelayToHost.class,
            "device-to-relay", DeviceToRelay.class,
            "relay-to-device", RelayToDevice.class,
            "event", Event.class,
            "input", Input.class);

    private static final Map<String, Class<?>> RECORDS = Map.of(
            "http", RelayApi.class,
            "editor", EditorApi.class);

    record Fixture(String folder, String name, String json) {
        @Override
        public String toString() {
            return folder + "/" + name;
        }
    }

    /** The schema's entry point for each folder of polymorphic messages. */
    private static final Map<String, String> SCHEMA_ROOTS = Map.of(
            "host-to-relay", "HostToRelay",
            "relay-to-host", "RelayToHost",
            "device-to-relay", "DeviceToRelay",
            "relay-to-device", "RelayToDevice",
            "event", "Event",
            "input", "Input");

    static Stream<Fixture> fixtures() {
        return Conformance.files("messages").stream()
                .map(p -> new Fixture(
                        p.getParent().getFileName().toString(),
                        p.getFileName().toString().replace(".json", ""),
                        Conformance.read(p)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsAndWritesTheFixtureUnchanged(Fixture fixture) throws Exception {
        Class<?> target = targetOf(fixture);
        Object value = Json.decode(fixture.json(), target);

        assertThat(value).isInstanceOf(target);
        if (POLYMORPHIC.containsKey(fixture.folder())) {
            assertThat(wireName(value)).isEqualTo(fixture.name().replaceFirst("-.*", ""));
        }
        JsonNode expected = Json.MAPPER.readTree(fixture.json());
        JsonNode actual = Json.MAPPER.readTree(Json.write(value));
        assertThat(actual).isEqualTo(expected);
    }

    /** The editor's JSON-RPC bodies are not relay wire, so the schema leaves them out. */
    static Stream<Fixture> relayFixtures() {
        return fixtures().filter(fixture -> !fixture.folder().equals("editor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("relayFixtures")
    void isValidAgainstTheGeneratedSchema(Fixture fixture) {
        String root = fixture.folder().equals("http") ? fixture.name() : SCHEMA_ROOTS.get(fixture.folder());
        assertThat(Conformance.validate(root, Conformance.tree(fixture.json()))).isEmpty();
    }

    @Test
    void coversEveryFrameDirectionAndRecordFolder() {
        assertThat(fixtures().map(Fixture::folder).distinct())
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(POLYMORPHIC.keySet().stream(), RECORDS.keySet().stream())
                                .toList());
    }

    @Test
    void unknownFrameTypeIsReportedAsUnknownFrame() {
        assertThatThrownBy(() -> Json.decode("{\"type\":\"teleport\"}", DeviceToRelay.class))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FRAME));
    }

    @Test
    void malformedJsonIsReportedAsBadRequest() {
        assertThatThrownBy(() -> Json.decode("{\"type\":\"ping\"", DeviceToRelay.class))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> Json.decode("null", DeviceToRelay.class))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void unknownFieldsAreIgnored() {
        var frame = Json.decode("{\"type\":\"ack\",\"seq\":3,\"fromTheFuture\":true}", RelayToHost.class);
        assertThat(frame).isEqualTo(new dev.baton.protocol.frame.Frames.Ack(3));
    }

    @Test
    void eventWithoutSeqIsRejected() {
        assertThatThrownBy(() -> Json.decode("{\"ts\":\"2026-11-24T08:00:00Z\",\"type\":\"notice\"}", Event.class))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    private static Class<?> targetOf(Fixture fixture) {
        Class<?> polymorphic = POLYMORPHIC.get(fixture.folder());
        if (polymorphic != null) {
            return polymorphic;
        }
        Class<?> holder = RECORDS.get(fixture.folder());
        return Stream.of(holder.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals(fixture.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record " + fixture.name() + " in " + holder));
    }

    private static String wireName(Object value) {
        if (value instanceof Event event) {
            return event.type();
        }
        return value.getClass().getAnnotation(JsonTypeName.class).value();
    }
}
