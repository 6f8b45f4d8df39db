package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.editor.ConnectionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code --json} line type is a record of {@link JsonLines}, and docs/protocol.md describes each one
 * with its {@code event} name and every field it can carry, so a script writer needs nothing else.
 */
class JsonLinesDocumentedTest {
    /** One line of each type, every optional field set, so each field is written. */
    private static final List<Record> EVERY_LINE = List.of(
            new JsonLines.Ready("ready", "s-1", "u", "btp_x", "r", "env-1", "worktree", 4),
            new JsonLines.Ready("pairing", "s-1", "u", "btp_y", "r", "env-1", "same-dir", 4),
            new JsonLines.Status(ConnectionState.ONLINE, "d", dev.baton.protocol.editor.ConnectionReason.OFFLINE_LIMIT),
            new JsonLines.Capacity(1, 4),
            new JsonLines.SessionHosted("spawned", "s-2", "/d", "/w", "baton/s-2"),
            new JsonLines.SessionHosted("resumed", "s-3", "/d", "/w", "baton/s-3"),
            new JsonLines.Adopted(List.of("s-3")),
            new JsonLines.SessionEnded("s-2", "/w", true, "uncommitted changes"),
            new JsonLines.Listening("http://127.0.0.1:7420", 7420));

    @Test
    void everyLineTypeIsCoveredHere() {
        long lineTypes = Stream.of(JsonLines.class.getDeclaredClasses())
                .filter(Class::isRecord)
                .count();
        assertThat(EVERY_LINE.stream().map(Object::getClass).distinct()).hasSize((int) lineTypes);
    }

    @Test
    void theProtocolReferenceNamesEveryLineAndItsFields() throws Exception {
        List<String> doc = Files.readAllLines(Path.of("../docs/protocol.md"));

        for (Record line : EVERY_LINE) {
            JsonNode written = Json.MAPPER.readTree(Json.write(line));
            String event = written.path("event").asText();
            String described = description(doc, "{\"event\":\"" + event + "\"");
            written.fieldNames().forEachRemaining(field -> assertThat(described)
                    .as("the %s line's field %s", event, field)
                    .contains(field));
        }
    }

    /** The line that shows {@code start}, with the indented lines that continue its list item. */
    private static String description(List<String> doc, String start) {
        for (int i = 0; i < doc.size(); i++) {
            if (doc.get(i).contains(start)) {
                StringBuilder item = new StringBuilder(doc.get(i));
                for (int j = i + 1; j < doc.size() && doc.get(j).startsWith("  "); j++) {
                    item.append('\n').append(doc.get(j));
                }
                return item.toString();
            }
        }
        throw new AssertionError("docs/protocol.md does not describe the line " + start + "}");
    }
}
