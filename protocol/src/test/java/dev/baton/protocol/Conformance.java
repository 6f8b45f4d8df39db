package dev.baton.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The shared conformance suite at the repository's top ({@code conformance/}, read by the Java and the
 * TypeScript tests alike), and the JSON Schema the build generated, to validate its examples against.
 */
final class Conformance {
    /** Tests run in the module's directory. */
    static final Path ROOT = Path.of("../conformance");

    private static final JsonNode SCHEMA = loadSchema();
    private static final Map<String, JsonSchema> VALIDATORS = new ConcurrentHashMap<>();

    private Conformance() {}

    static JsonNode schema() {
        return SCHEMA;
    }

    /** The JSON files under {@code conformance/<folder>}, sorted. */
    static List<Path> files(String folder) {
        try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the schema finds wrong with {@code message} read as the entry point {@code root} (empty: valid). */
    static Set<ValidationMessage> validate(String root, JsonNode message) {
        return VALIDATORS.computeIfAbsent(root, Conformance::validator).validate(message);
    }

    private static JsonSchema validator(String root) {
        if (!SCHEMA.path("x-baton-roots").has(root)) {
            throw new AssertionError("the schema has no entry point " + root);
        }
        ObjectNode entry = SCHEMA.deepCopy();
        entry.put("$ref", SCHEMA.path("x-baton-roots").path(root).asText());
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(entry, config);
    }

    private static JsonNode loadSchema() {
        try (InputStream in = Conformance.class.getResourceAsStream(ProtocolVersion.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new AssertionError("the build did not generate " + ProtocolVersion.SCHEMA_RESOURCE);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
