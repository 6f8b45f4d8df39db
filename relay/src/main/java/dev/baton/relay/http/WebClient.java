package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Serves the web client that the {@code baton-web} jar carries under {@code dev/baton/web/}: the app
 * page for {@code /} and every session URL, hashed assets cached for good, everything else revalidated.
 */
final class WebClient {
    /** Looked up through the class loader: the web client is another jar, outside the relay's own module. */
    private static final String ROOT = "dev/baton/web/";

    /**
     * The bundle loads only from this relay and talks only to it; nothing may frame it. Its service
     * worker ({@code /sw.js}) is the relay's own too.
     */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /** Asset names carry their content hash, so a cached copy can never be stale. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private static final String REVALIDATE = "no-cache";

    /** What a file name may look like: no dot-dot, no slashes, no surprises. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "webmanifest", "application/manifest+json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    WebClient() {
        if (read("index.html").isEmpty()) {
            throw new IllegalStateException(
                    "the web client is missing from the classpath (" + ROOT + "index.html); build the web module");
        }
    }

    /** {@code /} and {@code /s/{id}}: the app decides what to show from the URL. */
    void page(HttpExchange exchange) {
        serve(exchange, "index.html", REVALIDATE);
    }

    /** {@code /assets/{name}}. */
    void asset(HttpExchange exchange) {
        serve(exchange, "assets/" + checked(exchange.variable("name")), IMMUTABLE);
    }

    /**
     * {@code /sw.js}: the service worker that keeps the app shell. Revalidated on every check, so a new
     * build reaches devices at their next visit; its scope is the whole app.
     */
    void serviceWorker(HttpExchange exchange) {
        exchange.response().getHeaders().put("Service-Worker-Allowed", "/");
        serve(exchange, "sw.js", REVALIDATE);
    }

    /** Top-level files: the web app manifest, icons, {@code asset-manifest.json}. */
    void file(HttpExchange exchange) {
        serve(exchange, checked(exchange.variable("name")), REVALIDATE);
    }

    private void serve(HttpExchange exchange, String path, String cacheControl) {
        byte[] body = read(path).orElseThrow(() -> notFound(path));
        var headers = exchange.response().getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, contentType(path));
        headers.put(HttpHeader.CACHE_CONTROL, cacheControl);
        headers.put("Content-Security-Policy", POLICY);
        exchange.response().setStatus(200);
        exchange.response().write(true, ByteBuffer.wrap(body), exchange.callback());
    }

    private static String checked(String name) {
        if (!FILE_NAME.matcher(name).matches()) {
            throw notFound(name);
        }
        return name;
    }

    private static String contentType(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** The classpath never changes while the relay runs, so every answer (found or not) is kept. */
    private Optional<byte[]> read(String path) {
        return files.computeIfAbsent(path, p -> {
            try (InputStream in = WebClient.class.getClassLoader().getResourceAsStream(ROOT + p)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static ProtocolException notFound(String path) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no such file: /" + path);
    }
}
