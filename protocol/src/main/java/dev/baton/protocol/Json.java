package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** The one Jackson configuration every module uses to read and write the wire contract. */
public final class Json {
    /** Thread-safe once configured; never reconfigure it. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
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
     * Reads untrusted text as {@code type}.
     *
     * @throws ProtocolException {@link ErrorCode#UNKNOWN_FRAME} for a {@code type} or {@code kind} this
     *     version does not know, {@link ErrorCode#BAD_REQUEST} for anything else that is not valid
     */
    public static <T> T decode(String text, Class<T> type) {
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected a JSON object, got null");
            }
            return value;
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(
                    ErrorCode.UNKNOWN_FRAME, "unknown " + e.getTypeId() + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
