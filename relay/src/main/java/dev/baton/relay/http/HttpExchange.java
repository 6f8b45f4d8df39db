package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.RelayApi.ErrorBody;
import dev.baton.relay.store.RelayStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One HTTP request and its answer, with the parsing every endpoint needs. */
final class HttpExchange {
    private static final String BEARER = "Bearer ";
    /** Far beyond a commit's pace (tens of milliseconds): reached only when the store cannot write. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(10);

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final int maxBodyBytes;
    private Map<String, String> variables = Map.of();
    /** Set for a request that may write: its answer waits until the store holds what it wrote. */
    private RelayStore writes;

    HttpExchange(Request request, Response response, Callback callback, int maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.maxBodyBytes = maxBodyBytes;
    }

    Request request() {
        return request;
    }

    Response response() {
        return response;
    }

    Callback callback() {
        return callback;
    }

    /**
     * Holds the answer until what the request wrote survives a crash of the relay: an answer may hand out a
     * token, a device or an environment that the caller keeps and relies on, and a store that commits in
     * batches would otherwise lose it if the relay died in the moment after answering.
     */
    void answerOnceStored(RelayStore store) {
        writes = store;
    }

    void variables(Map<String, String> value) {
        variables = value;
    }

    String variable(String name) {
        return variables.get(name);
    }

    /** The bearer token, or an {@code unauthorized} error naming what is missing. */
    String bearer() {
        String token = bearerIfAny();
        if (token == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "missing Authorization: Bearer <token> header");
        }
        return token;
    }

    /** The bearer token, or null where a request may come with none. */
    String bearerIfAny() {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }

    String query(String name) {
        Fields fields = Request.extractQueryParameters(request);
        return fields.getValue(name);
    }

    /** The JSON body as {@code type}; an empty body reads as {@code {}}. */
    <T> T body(Class<T> type) throws IOException {
        String text = bodyText();
        return Json.decode(text.isBlank() ? "{}" : text, type);
    }

    /** Whether the body is {@code application/x-www-form-urlencoded} (what RFC 6749 clients send). */
    boolean formEncoded() {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** A form-encoded body's fields; a name given twice keeps its first value. */
    Map<String, String> form() throws IOException {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String pair : bodyText().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name =
                    java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value =
                    equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    /** The value of the request's cookie {@code name}, or null. */
    String cookie(String name) {
        for (org.eclipse.jetty.http.HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private String bodyText() throws IOException {
        if (request.getLength() > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(maxBodyBytes + 1);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void json(int status, Object body) {
        if (!refusedUnstored()) {
            write(status, body);
        }
    }

    private void write(int status, Object body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Answers carry tokens; nothing in between may keep them.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(Json.write(body).getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** {@code 302} to {@code location}: a browser's navigation continues there. */
    void redirect(String location) {
        if (refusedUnstored()) {
            return;
        }
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        callback.succeeded();
    }

    /** A public document the same for everyone (no token in it), which caches may revalidate. */
    void document(String contentType, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void noContent() {
        if (refusedUnstored()) {
            return;
        }
        response.setStatus(204);
        callback.succeeded();
    }

    void error(int status, ErrorCode code, String message) {
        json(status, ErrorBody.of(code, message));
    }

    void error(ProtocolException e) {
        error(e.code().httpStatus(), e.code(), e.getMessage());
    }

    /**
     * Waits for the store to hold what this request wrote, when it may have written (before an error answer
     * too, since a refusal may follow a write); when the store cannot, answers {@code not_ready} instead and
     * returns true.
     */
    private boolean refusedUnstored() {
        RelayStore store = writes;
        if (store == null) {
            return false;
        }
        writes = null;
        CompletableFuture<Void> stored = new CompletableFuture<>();
        store.whenDurable(() -> stored.complete(null));
        String refusal;
        try {
            stored.get(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException | ExecutionException e) {
            refusal = "the relay could not store this request in time; try again shortly";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refusal = "the relay is shutting down";
        }
        write(ErrorCode.NOT_READY.httpStatus(), ErrorBody.of(ErrorCode.NOT_READY, refusal));
        return true;
    }

    private ProtocolException tooLarge() {
        return new ProtocolException(ErrorCode.TOO_LARGE, "request body larger than " + maxBodyBytes + " bytes");
    }
}
