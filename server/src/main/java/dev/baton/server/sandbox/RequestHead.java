package dev.baton.server.sandbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A proxy request's head, decoded byte for byte, and what the client sent after it (the start of a body or
 * of a TLS handshake); and the head a forwarded plain HTTP request gets instead.
 */
record RequestHead(String text, ByteBuffer rest) {
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(ISO_8859_1);
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "proxy-connection", "keep-alive", "proxy-authorization", "te", "trailer", "upgrade");

    /** Thrown when a request head is larger than allowed. */
    static final class TooLarge extends IOException {}

    /** Reads up to the blank line that ends the head; null when the client closed before sending one. */
    static RequestHead read(SocketChannel client, int maxBytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(maxBytes);
        int searched = 0;
        while (true) {
            if (!buffer.hasRemaining()) {
                throw new TooLarge();
            }
            if (client.read(buffer) < 0) {
                return null;
            }
            int end = indexOf(buffer, Math.max(0, searched - END_OF_HEAD.length + 1));
            if (end >= 0) {
                String text = new String(buffer.array(), 0, end, ISO_8859_1);
                ByteBuffer rest = ByteBuffer.wrap(
                        Arrays.copyOfRange(buffer.array(), end + END_OF_HEAD.length, buffer.position()));
                return new RequestHead(text, rest);
            }
            searched = buffer.position();
        }
    }

    private static int indexOf(ByteBuffer buffer, int from) {
        byte[] bytes = buffer.array();
        outer:
        for (int i = from; i + END_OF_HEAD.length <= buffer.position(); i++) {
            for (int j = 0; j < END_OF_HEAD.length; j++) {
                if (bytes[i + j] != END_OF_HEAD[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The request as the origin gets it: the path instead of the whole URL, no hop-by-hop headers (nor
     * those {@code Connection} names), a {@code Host}, and {@code Connection: close}.
     */
    static String forwarded(String[] request, String[] lines, ProxyTarget target) {
        Set<String> dropped = new HashSet<>(HOP_BY_HOP);
        for (int i = 1; i < lines.length; i++) {
            if (headerName(lines[i]).equals("connection")) {
                Arrays.stream(headerValue(lines[i]).split(","))
                        .map(token -> token.strip().toLowerCase(Locale.ROOT))
                        .forEach(dropped::add);
            }
        }
        StringBuilder head = new StringBuilder()
                .append(request[0])
                .append(' ')
                .append(target.path())
                .append(' ')
                .append(request[2])
                .append("\r\n");
        boolean host = false;
        for (int i = 1; i < lines.length; i++) {
            String name = headerName(lines[i]);
            if (!dropped.contains(name)) {
                head.append(lines[i]).append("\r\n");
                host |= name.equals("host");
            }
        }
        if (!host) {
            head.append("Host: ")
                    .append(target.port() == 80 ? target.host() : target.toString())
                    .append("\r\n");
        }
        return head.append("Connection: close\r\n\r\n").toString();
    }

    private static String headerName(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    }

    private static String headerValue(String line) {
        return line.substring(line.indexOf(':') + 1);
    }
}
