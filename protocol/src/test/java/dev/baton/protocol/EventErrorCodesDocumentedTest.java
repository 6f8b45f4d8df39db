package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.event.EventErrorCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/protocol.md lists every code an error event may carry, and the schema names them too. */
class EventErrorCodesDocumentedTest {
    @Test
    void theProtocolReferenceListsEveryCode() {
        String doc = Conformance.read(java.nio.file.Path.of("../docs/protocol.md"));
        String table = doc.substring(doc.indexOf("### `error` event codes"), doc.indexOf("Titles, highest precedence"));

        assertThat(Stream.of(EventErrorCode.values()).map(code -> "`" + code.wire() + "`"))
                .allSatisfy(code -> assertThat(table).contains(code));
    }

    @Test
    void theSchemaListsEveryCode() {
        assertThat(Conformance.schema().at("/$defs/EventErrorCode/enum"))
                .extracting(node -> node.asText())
                .containsExactly(Stream.of(EventErrorCode.values())
                        .map(EventErrorCode::wire)
                        .toArray(String[]::new));
    }
}
