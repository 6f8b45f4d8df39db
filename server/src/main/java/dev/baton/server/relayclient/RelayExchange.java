package dev.baton.server.relayclient;

import dev.baton.server.e2ee.KeyMask;
import java.io.IOException;
import java.util.regex.Pattern;
import okhttp3.Request;
import okio.Buffer;

/**
 * A refused call to the relay written out for {@code --verbose}: the request line, its headers and body,
 * then the status and the answer, with every credential cut to its kind (a token's prefix), so the
 * transcript can be pasted into a bug report.
 */
final class RelayExchange {
    /** Baton's tokens all start {@code bt?_}: the prefix says the kind, the rest is the secret. */
    private static final Pattern TOKEN = Pattern.compile("\\b(bt[a-z]_)[A-Za-z0-9_-]+");

    private RelayExchange() {}

    static String describe(Request request, int status, String answer) {
        StringBuilder out = new StringBuilder();
        out.append("> ")
                .append(request.method())
                .append(' ')
                .append(request.url())
                .append('\n');
        request.headers().forEach(header -> out.append("> ")
                .append(header.getFirst())
                .append(": ")
                .append(
                        header.getFirst().equalsIgnoreCase("Authorization")
                                ? masked(header.getSecond())
                                : header.getSecond())
                .append('\n'));
        String body = body(request);
        if (!body.isEmpty()) {
            out.append("> ").append(mask(body)).append('\n');
        }
        out.append("< ").append(status).append('\n');
        if (!answer.isEmpty()) {
            out.append("< ").append(mask(answer)).append('\n');
        }
        return out.toString().stripTrailing();
    }

    static String mask(String text) {
        return KeyMask.mask(TOKEN.matcher(text).replaceAll("$1…"));
    }

    private static String masked(String authorization) {
        String masked = mask(authorization);
        // Whatever else is sent as a credential is hidden whole.
        return masked.equals(authorization) ? "(hidden)" : masked;
    }

    private static String body(Request request) {
        if (request.body() == null) {
            return "";
        }
        try (Buffer buffer = new Buffer()) {
            request.body().writeTo(buffer);
            return buffer.readUtf8();
        } catch (IOException e) {
            return "(body not readable: " + e.getMessage() + ")";
        }
    }
}
