package dev.baton.server.remote;

import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.relay.RelayApi.Health;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks what is listening on a port of 127.0.0.1: nothing, a Baton relay, or something else. */
final class PortProbe {
    enum Finding {
        NOTHING_LISTENING,
        BATON_RELAY,
        SOMETHING_ELSE
    }

    /** Generous: a relay busy with a takeover of its own must not pass for a stranger. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private PortProbe() {}

    static Finding probe(int port) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        try (http) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
                            .timeout(TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && isBatonHealth(response.body())
                    ? Finding.BATON_RELAY
                    : Finding.SOMETHING_ELSE;
        } catch (ConnectException refused) {
            return Finding.NOTHING_LISTENING;
        } catch (IOException notHttpOrTooSlow) {
            return Finding.SOMETHING_ELSE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.SOMETHING_ELSE;
        }
    }

    /** {@code {"status":"ok","protocol":1}}, the relay's answer to {@code GET /v1/health}. */
    static boolean isBatonHealth(String body) {
        try {
            Health health = Json.decode(body, Health.class);
            return "ok".equals(health.status()) && health.protocol() == ProtocolVersion.CURRENT;
        } catch (RuntimeException notOurs) {
            return false;
        }
    }
}
