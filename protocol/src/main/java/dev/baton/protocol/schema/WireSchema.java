package dev.baton.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaKeyword;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.baton.protocol.Json;
import dev.baton.protocol.Nullable;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.SentAsNull;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.EventErrorCode;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.HostToRelay;
import dev.baton.protocol.frame.RelayToDevice;
import dev.baton.protocol.frame.RelayToHost;
import dev.baton.protocol.relay.RelayApi;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JSON Schema (draft 2020-12) of the wire contract, generated from the Java types themselves so it
 * cannot say anything they do not. The build runs {@link #main} after compiling (protocol/pom.xml) and
 * puts the result on the classpath at {@link ProtocolVersion#SCHEMA_RESOURCE}, where the relay serves it.
 *
 * <p>Objects never forbid extra properties: readers ignore fields they do not know, so a newer peer's
 * frame still validates. A field is required unless it is {@link Nullable} (left out when absent).
 */
public final class WireSchema {
    /** The entry points a client validates against, by the name docs/protocol.md uses. */
    private static final Map<String, Type> ROOTS = roots();

    private WireSchema() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n");
    }

    public static ObjectNode generate() {
        SchemaGenerator generator = new SchemaGenerator(config().build());
        SchemaBuilder builder = generator.buildMultipleSchemaDefinitions();
        Map<String, ObjectNode> references = new LinkedHashMap<>();
        ROOTS.forEach((name, type) -> references.put(name, builder.createSchemaReference(type)));
        ObjectNode definitions = builder.collectDefinitions("$defs");

        ObjectNode schema = Json.MAPPER.createObjectNode();
        schema.put("$schema", SchemaVersion.DRAFT_2020_12.getIdentifier());
        schema.put("$id", "https://baton.dev/v" + ProtocolVersion.CURRENT + "/schema.json");
        schema.put("title", "Baton wire protocol, version " + ProtocolVersion.CURRENT);
        schema.put(
                "description",
                "Validate a message against one of the $defs named in x-baton-roots. Unknown fields are"
                        + " allowed everywhere: readers ignore them.");
        ObjectNode roots = schema.putObject("x-baton-roots");
        references.forEach(
                (name, reference) -> roots.put(name, reference.path("$ref").asText()));
        // Entry points whose definition the generator inlined (no $ref) get a definition of their own.
        references.forEach((name, reference) -> {
            if (!reference.has("$ref")) {
                definitions.set(name, reference);
                roots.put(name, "#/$defs/" + name);
            }
        });
        schema.set("$defs", definitions);
        return schema;
    }

    private static SchemaGeneratorConfigBuilder config() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                        SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.PLAIN_DEFINITION_KEYS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields().withRequiredCheck(WireSchema::required);
        config.forFields()
                .withNullableCheck(
                        field -> field.getRawMember().getAnnotatedType().isAnnotationPresent(SentAsNull.class));
        config.forTypesInGeneral().withDefinitionNamingStrategy((key, context) -> {
            Class<?> type = key.getType().getErasedType();
            // A frame, event or input is its fields plus its discriminator; the former are "<Name>Fields".
            String suffix = key.getIgnoredDefinitionProvider() != null ? "Fields" : "";
            return type.getSimpleName() + suffix;
        });
        config.forTypesInGeneral().withTypeAttributeOverride((definition, scope, context) -> {
            if (scope.getType().getErasedType() == SealedEvent.class) {
                sealedEventRules(definition);
            }
        });
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            Class<?> raw = type.getErasedType();
            if (JsonNode.class.isAssignableFrom(raw)) {
                return new CustomDefinition(context.getGeneratorConfig().createObjectNode(), true);
            }
            if (raw == Instant.class) {
                ObjectNode time = context.getGeneratorConfig().createObjectNode();
                time.put(context.getKeyword(SchemaKeyword.TAG_TYPE), "string");
                time.put(context.getKeyword(SchemaKeyword.TAG_FORMAT), "date-time");
                return new CustomDefinition(time, true);
            }
            if (raw == Event.class) {
                return new CustomDefinition(event(context.createDefinitionReference(
                        context.getTypeContext().resolve(EventBody.class))));
            }
            return null;
        });
        return config;
    }

    /** Event's own serializer writes its header and its body's fields as one flat object. */
    private static ObjectNode event(ObjectNode body) {
        ObjectNode header = Json.MAPPER.createObjectNode();
        header.put("type", "object");
        ObjectNode properties = header.putObject("properties");
        properties.putObject("seq").put("type", "integer").put("minimum", 1);
        properties.putObject("ts").put("type", "string").put("format", "date-time");
        properties.putObject("inputId").put("type", "string");
        properties.putObject("origin").put("type", "string");
        header.putArray("required").add("seq").add("ts").add("type");
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("description", "A committed event: {seq, ts, type, inputId?, origin?, ...the body's fields}.");
        event.putArray("allOf").add(header).add(body);
        return event;
    }

    /** What RequiredFields checks of a sealed event: status clear, everything else sealed, prompts' ids clear. */
    private static void sealedEventRules(ObjectNode definition) {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.putObject("if").putObject("properties").putObject("type").put("const", SealedEvent.STATUS);
        status.putObject("then").putArray("required").add("processing");
        status.putObject("else").putArray("required").add("sealed");
        ObjectNode permission = Json.MAPPER.createObjectNode();
        permission
                .putObject("if")
                .putObject("properties")
                .putObject("type")
                .putArray("enum")
                .add(SealedEvent.PERMISSION_REQUEST)
                .add(SealedEvent.PERMISSION_DECISION);
        permission.putObject("then").putArray("required").add("requestId");
        definition.putArray("allOf").add(status).add(permission);
    }

    private static boolean required(FieldScope field) {
        return field.getAnnotationConsideringFieldAndGetter(Nullable.class) == null
                && !Modifier.isStatic(field.getRawMember().getModifiers());
    }

    private static Map<String, Type> roots() {
        Map<String, Type> roots = new LinkedHashMap<>();
        roots.put("HostToRelay", HostToRelay.class);
        roots.put("RelayToHost", RelayToHost.class);
        roots.put("DeviceToRelay", DeviceToRelay.class);
        roots.put("RelayToDevice", RelayToDevice.class);
        // What a device finds inside a sealed event or input: the plaintext, still part of the contract.
        roots.put("Event", Event.class);
        roots.put("Input", Input.class);
        roots.put("SealedEvent", SealedEvent.class);
        // The codes of the error event, for reference: the event's code is any string (newer backends add codes).
        roots.put("EventErrorCode", EventErrorCode.class);
        Stream.of(RelayApi.class.getDeclaredClasses())
                .filter(Class::isRecord)
                .sorted(java.util.Comparator.comparing(Class::getSimpleName))
                .forEach(type -> roots.put(type.getSimpleName(), type));
        return roots;
    }
}
