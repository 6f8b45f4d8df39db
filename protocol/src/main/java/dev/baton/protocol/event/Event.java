package dev.baton.protocol.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.baton.protocol.Json;
import dev.baton.protocol.Nullable;
import java.io.IOException;
import java.time.Instant;

/**
 * A committed entry of a session's log. On the wire the header fields and the body's fields share
 * one flat object: {@code {seq, ts, type, inputId?, origin?, …body}}. The generated TypeScript states that
 * header as the {@code EventHeader} alias in protocol/pom.xml (GeneratedTypeScriptTest keeps it true).
 *
 * @param inputId the input this event answers, so its sender can stop retrying
 * @param origin the surface that caused it: {@code editor}, {@code terminal} or a device id
 */
@JsonSerialize(using = Event.Serializer.class)
@JsonDeserialize(using = Event.Deserializer.class)
public record Event(long seq, Instant ts, @Nullable String inputId, @Nullable String origin, EventBody body) {
    private static final String[] HEADER = {"seq", "ts", "inputId", "origin"};

    public String type() {
        return body.getClass()
                .getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class)
                .value();
    }

    static final class Serializer extends StdSerializer<Event> {
        Serializer() {
            super(Event.class);
        }

        @Override
        public void serialize(Event event, JsonGenerator gen, SerializerProvider provider) throws IOException {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("seq", event.seq());
            node.put("ts", event.ts().toString());
            ObjectNode body = Json.MAPPER.valueToTree(event.body());
            node.set("type", body.remove("type"));
            if (event.inputId() != null) {
                node.put("inputId", event.inputId());
            }
            if (event.origin() != null) {
                node.put("origin", event.origin());
            }
            node.setAll(body);
            gen.writeTree(node);
        }
    }

    static final class Deserializer extends StdDeserializer<Event> {
        Deserializer() {
            super(Event.class);
        }

        @Override
        public Event deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            ObjectNode node = parser.readValueAsTree();
            // These messages name the field relative to the event; Json.decode puts the event's path before.
            if (!node.path("seq").isIntegralNumber()) {
                return context.reportInputMismatch(Event.class, "seq: expected a number");
            }
            long seq = node.get("seq").asLong();
            Instant ts;
            try {
                ts = Instant.parse(node.path("ts").asText());
            } catch (java.time.format.DateTimeParseException e) {
                return context.reportInputMismatch(Event.class, "ts: expected an ISO-8601 time");
            }
            String inputId = node.path("inputId").textValue();
            String origin = node.path("origin").textValue();
            node.remove(java.util.List.of(HEADER));
            EventBody body = context.readTreeAsValue(node, EventBody.class);
            return new Event(seq, ts, inputId, origin, body);
        }
    }
}
