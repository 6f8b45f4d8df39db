package dev.baton.server.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * Bedrock's streamed answer read as the Anthropic SSE stream it carries, on the reader's thread:
 * each {@code chunk} event's {@code bytes} (a base64 Anthropic stream event) becomes one SSE event,
 * and an {@code exception} or {@code error} message becomes an SSE {@code error} event in
 * Anthropic's shape, typed so retries treat it like the same failure from Anthropic.
 */
final class EventStreamAsSse extends InputStream {
    /** Bedrock's stream exceptions by the Anthropic error type that means the same. */
    private static final Map<String, String> ERROR_TYPES = Map.of(
            "throttlingexception", "rate_limit_error",
            "serviceunavailableexception", "overloaded_error",
            "validationexception", "invalid_request_error");

    private final InputStream eventStream;
    private final Queue<byte[]> translated = new ArrayDeque<>();
    private final MessageDecoder decoder = new MessageDecoder(message -> translated.add(sse(message)));
    private final byte[] buffer = new byte[8192];
    private byte[] current = new byte[0];
    private int position;

    EventStreamAsSse(InputStream eventStream) {
        this.eventStream = eventStream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (!translated.isEmpty()) {
                current = translated.remove();
                position = 0;
                continue;
            }
            int read = eventStream.read(buffer);
            if (read < 0) {
                return -1;
            }
            decoder.feed(buffer, 0, read);
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, into, offset, count);
        position += count;
        return count;
    }

    @Override
    public void close() throws IOException {
        eventStream.close();
    }

    private static byte[] sse(Message message) {
        String messageType = header(message, ":message-type");
        String event;
        String data;
        if ("event".equals(messageType)) {
            JsonNode payload = parse(message.getPayload());
            data = new String(Base64.getDecoder().decode(payload.path("bytes").asText("")), StandardCharsets.UTF_8);
            event = parse(data.getBytes(StandardCharsets.UTF_8)).path("type").asText("unknown");
        } else {
            String bedrockType = "exception".equals(messageType)
                    ? header(message, ":exception-type")
                    : header(message, ":error-code");
            String text = "exception".equals(messageType)
                    ? parse(message.getPayload()).path("message").asText(bedrockType)
                    : header(message, ":error-message");
            ObjectNode error = Json.MAPPER.createObjectNode().put("type", "error");
            error.putObject("error")
                    .put("type", ERROR_TYPES.getOrDefault(bedrockType.toLowerCase(Locale.ROOT), "api_error"))
                    .put("message", text);
            event = "error";
            data = error.toString();
        }
        return ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String header(Message message, String name) {
        HeaderValue value = message.getHeaders().get(name);
        return value == null ? "" : value.getString();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
