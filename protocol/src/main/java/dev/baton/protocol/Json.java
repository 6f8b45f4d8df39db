package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.protocol.event.Event;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;

/** The one Jackson configuration every module uses to read and write the wire contract. */
public final class Json {
    /**
     * Thread-safe once configured; never reconfigure it. Its parsers and generators take their buffers
     * from one pool shared by all threads: Jackson's default keeps them per thread, and the relay and the
     * backend read frames on virtual threads, which never come back for them, so every frame allocated
     * its buffers afresh (a quarter of everything the relay allocated per event). The pool is bounded, so
     * a burst of frames read at once does not keep its buffers for good.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Readers ignore unknown fields, so the contract can grow without breaking old clients.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads untrusted text as {@code type}. The message of a refusal speaks of the sender's own JSON
     * (which field, what was expected there), never of the Java types behind it: third-party clients read
     * it, and class names would only leak the implementation.
     *
     * @throws ProtocolException {@link ErrorCode#UNKNOWN_FRAME} for a {@code type} or {@code kind} this
     *     version does not know, {@link ErrorCode#BAD_REQUEST} for anything else that is not valid
     *     (including a frame without its {@code type}, and a frame or input that lacks a field it must have)
     */
    public static <T> T decode(String text, Class<T> type) {
        try {
            refuseAnythingButAnObject(text);
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected a JSON object, got null");
            }
            if (type.isSealed()) {
                // A stream frame or an input; stored records (events in a log) stay as lenient as ever.
                RequiredFields.check(value, "");
            }
            return value;
        } catch (InvalidTypeIdException e) {
            throw unknownType(e);
        } catch (JsonParseException e) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    "not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    e);
        } catch (InvalidFormatException e) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    where(e) + ": " + shown(e.getValue()) + " is not " + expected(e.getTargetType()),
                    e);
        } catch (ValueInstantiationException e) {
            // Our records check their own fields and say what is wrong in the frame's terms.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ProtocolException refusal) {
                throw refusal; // a record's own refusal, such as a version it does not speak, says it all
            }
            throw new ProtocolException(ErrorCode.BAD_REQUEST, where(e) + ": " + cause.getMessage(), e);
        } catch (MismatchedInputException e) {
            if (e.getTargetType() == Event.class) {
                // Event's deserializer says which of its own fields is wrong.
                String path = where(e);
                throw new ProtocolException(
                        ErrorCode.BAD_REQUEST,
                        (path.equals("the message") ? "" : path + ".") + e.getOriginalMessage(),
                        e);
            }
            String what = e.getTargetType() == null ? "a value of another kind" : expected(e.getTargetType());
            throw new ProtocolException(ErrorCode.BAD_REQUEST, where(e) + ": expected " + what, e);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "not a valid message: " + where(e), e);
        }
    }

    /**
     * Every message is a JSON object; anything else would otherwise reach the frame's type resolution and
     * be reported in its terms. Only text that does not start like an object is parsed twice.
     */
    private static void refuseAnythingButAnObject(String text) throws JsonProcessingException {
        String start = text.stripLeading();
        if (start.startsWith("{")) {
            return;
        }
        JsonNode node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected a JSON object, got nothing");
        }
        if (!node.isNull()) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    "expected a JSON object, got " + (node.isArray() ? "an array" : "a " + kind(node)));
        }
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        return node.isBoolean() ? "boolean" : "number";
    }

    private static ProtocolException unknownType(InvalidTypeIdException e) {
        String field = (e.getPath().isEmpty() ? "" : where(e) + ".") + discriminator(e);
        if (e.getTypeId() == null) {
            return new ProtocolException(ErrorCode.BAD_REQUEST, "missing \"" + field + "\"", e);
        }
        return new ProtocolException(ErrorCode.UNKNOWN_FRAME, field + " \"" + e.getTypeId() + "\" is unknown", e);
    }

    /** Frames and events say what they are in {@code type}, inputs in {@code kind}. */
    private static String discriminator(InvalidTypeIdException e) {
        JsonTypeInfo info = e.getBaseType().getRawClass().getAnnotation(JsonTypeInfo.class);
        return info == null || info.property().isEmpty() ? "type" : info.property();
    }

    /** The JSON path of the failure, such as {@code cursor.seq} or {@code events[2].ts}; "the message" at the top. */
    private static String where(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException databind) || databind.getPath().isEmpty()) {
            return "the message";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : databind.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the message" : path.toString();
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "a value of another kind";
        }
        if (target == String.class || target.isEnum()) {
            return target.isEnum() ? "one of the accepted values" : "a string";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target.isPrimitive() || Number.class.isAssignableFrom(target)) {
            return "a number";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        if (Instant.class.isAssignableFrom(target)) {
            return "an ISO-8601 time";
        }
        return "an object";
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
}
