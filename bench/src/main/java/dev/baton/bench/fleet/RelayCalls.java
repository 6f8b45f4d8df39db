package dev.baton.bench.fleet;

import dev.baton.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The relay's HTTP API over the JDK's non-blocking client, which has no per-host cap on concurrent
 * requests or streams (OkHttp's dispatcher queues beyond 5 per host), so a fleet of thousands can share it.
 */
public final class RelayCalls {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RelayCalls() {}

    /** One HTTP/1.1 client on virtual threads, for every host, device and echo socket of a figure. */
    public static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** {@code POST base+path} with a JSON body and a bearer token (null for none); decodes a 2xx answer. */
    public static <T> T post(HttpClient http, URI base, String path, String token, Object body, Class<T> answer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            // A pooled connection the server closed as the request left: it never reached the relay.
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.decode(response.body(), answer);
    }

    /** {@code ws://} for {@code http://}, {@code wss://} for {@code https://}. */
    public static URI webSocket(URI base, String pathAndQuery) {
        return URI.create("ws" + base.toString().substring("http".length()) + pathAndQuery);
    }
}
