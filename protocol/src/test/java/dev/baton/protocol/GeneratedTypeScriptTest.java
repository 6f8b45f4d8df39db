package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript generated in process-classes (target/generated-ts/protocol.d.ts). The generator reads
 * everything from the Java types but {@link Event}'s header, which Event's own serializer flattens beside
 * the body's fields: protocol/pom.xml states it as the {@code EventHeader} alias, and this keeps the two
 * in step.
 */
class GeneratedTypeScriptTest {
    private static final Path GENERATED = Path.of("target/generated-ts/protocol.d.ts");

    @Test
    void eventHeaderAliasNamesWhatEventWritesBesideItsBody() throws IOException {
        Matcher alias = Pattern.compile("export type EventHeader = \\{(.*)};").matcher(Files.readString(GENERATED));
        assertThat(alias.find()).as("EventHeader in %s", GENERATED).isTrue();
        Map<String, Boolean> declared = new HashMap<>(); // field -> optional
        for (String member : alias.group(1).split(";")) {
            if (!member.isBlank()) {
                String name = member.substring(0, member.indexOf(':')).trim();
                declared.put(name.replace("?", ""), name.endsWith("?"));
            }
        }

        Instant ts = Instant.parse("2026-11-24T08:00:00Z");
        JsonNode full =
                Json.MAPPER.valueToTree(new Event(1, ts, "in-1", "editor", new EventBody.ConversationCleared()));
        JsonNode bare = Json.MAPPER.valueToTree(new Event(1, ts, null, null, new EventBody.ConversationCleared()));
        Map<String, Boolean> written = new HashMap<>();
        for (Iterator<String> names = full.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("type")) {
                written.put(name, !bare.has(name));
            }
        }

        assertThat(declared).isEqualTo(written);
    }
}
