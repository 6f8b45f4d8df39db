package dev.baton.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A small JSON-over-HTTP client for the relay's endpoints. */
final class Http {
    static final MediaType JSON = MediaType.get("application/json");

    /** A status, the headers that tests look at, and the body as a tree (or text when not JSON). */
    record Reply(int status, JsonNode json, String text, okhttp3.Headers headers) {
        String errorCode() {
            return json.path("error").path("code").asText(null);
        }

        String errorMessage() {
            return json.path("error").path("message").asText(null);
        }

        <T> T as(Class<T> type) {
            return Json.decode(text, type);
        }
    }

    private final OkHttpClient client;
    private final URI base;

    Http(OkHttpClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    Reply get(String path, String token) {
        return call("GET", path, token, null);
    }

    Reply post(String path, String token, Object body) {
        return call("POST", path, token, body instanceof String text ? text : Json.write(body));
    }

    Reply delete(String path, String token) {
        return call("DELETE", path, token, null);
    }

    Reply call(String method, String path, String token, String body) {
        return call(method, path, token, body, java.util.Map.of(), JSON);
    }

    /** A call with extra headers (a cookie, an Origin) and a body of the given media type. */
    Reply call(
            String method,
            String path,
            String token,
            String body,
            java.util.Map<String, String> headers,
            MediaType type) {
        Request.Builder request = new Request.Builder()
                .url(base + path)
                .method(
                        method,
                        body == null
                                ? (method.equals("POST") ? RequestBody.create(new byte[0]) : null)
                                : RequestBody.create(body, type));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            JsonNode json =
                    text.isEmpty() || !text.startsWith("{") ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(text);
            return new Reply(response.code(), json, text, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
