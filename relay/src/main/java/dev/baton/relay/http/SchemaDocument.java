package dev.baton.relay.http;

import dev.baton.protocol.ProtocolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v2/schema.json}: the JSON Schema of this protocol version (a relay serves only its own version's, so {@code /v1/schema.json} is not found), as the protocol build generated
 * it from the wire types, so a third-party client validates against exactly what this relay speaks.
 */
final class SchemaDocument {
    /** The media type of a JSON Schema document (draft 2020-12, section 14.2). */
    private static final String CONTENT_TYPE = "application/schema+json";

    private final byte[] schema;

    SchemaDocument() {
        try (InputStream in = SchemaDocument.class.getResourceAsStream(ProtocolVersion.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the wire schema is missing from the classpath ("
                        + ProtocolVersion.SCHEMA_RESOURCE + "); build the protocol module");
            }
            schema = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(HttpExchange exchange) {
        exchange.document(CONTENT_TYPE, schema);
    }
}
