package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.schema.WireSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The published JSON Schema is the one the wire types generate, and the copy under docs/ is not stale. */
class WireSchemaTest {
    private static final Path PUBLISHED = Path.of("../docs/schema/v2.json");

    @Test
    void theBuiltSchemaIsWhatTheWireTypesGenerateNow() {
        assertThat(Conformance.schema()).isEqualTo(WireSchema.generate());
    }

    @Test
    void theCopyUnderDocsIsTheGeneratedSchema() {
        assertThat(Conformance.tree(Conformance.read(PUBLISHED)))
                .as(
                        "docs/schema/v2.json is stale: copy protocol/target/classes%s over it",
                        ProtocolVersion.SCHEMA_RESOURCE)
                .isEqualTo(Conformance.schema());
    }

    @Test
    void namesAnEntryPointForEveryStreamDirectionEventAndInput() {
        assertThat(Conformance.schema().path("x-baton-roots").fieldNames())
                .toIterable()
                .contains(
                        "HostToRelay", "RelayToHost", "DeviceToRelay", "RelayToDevice", "Event", "Input", "ErrorBody");
    }

    @Test
    void refusesAFrameWithoutItsTypeAndAcceptsUnknownFields() {
        assertThat(Conformance.validate("DeviceToRelay", Conformance.tree("{\"cursor\":null}")))
                .isNotEmpty();
        assertThat(Conformance.validate(
                        "DeviceToRelay",
                        Conformance.tree("{\"type\":\"subscribe\",\"cursor\":null,\"protocol\":2,\"later\":1}")))
                .isEmpty();
    }
}
