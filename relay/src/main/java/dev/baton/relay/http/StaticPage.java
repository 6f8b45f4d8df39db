package dev.baton.relay.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;

/** The placeholder page for {@code /} and {@code /s/{id}} until the web client is built. */
final class StaticPage {
    /** Nothing may load, run or frame this page: it is plain text with a link. */
    private static final String POLICY =
            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] html;

    StaticPage() {
        try (InputStream in = StaticPage.class.getResourceAsStream("/dev/baton/relay/web/index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the relay jar");
            }
            html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(HttpExchange exchange) {
        var headers = exchange.response().getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("Content-Security-Policy", POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        exchange.response().setStatus(200);
        exchange.response().write(true, ByteBuffer.wrap(html), exchange.callback());
    }
}
