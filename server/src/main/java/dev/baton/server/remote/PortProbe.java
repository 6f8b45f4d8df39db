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
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Asks what is listening where the embedded relay would: nothing, a Baton relay, or something else. */
final class PortProbe {
    enum Finding {
        NOTHING_LISTENING,
        BATON_RELAY,
        SOMETHING_ELSE
    }

    /**
     * @param finding what kind of listener answered
     * @param answer what it answered, in words for a message ("HTTP 404 to GET /v1/health")
     */
    record Answer(Finding finding, String answer) {}

    /** Generous: a relay busy with a takeover of its own must not pass for a stranger. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static final String HEALTH = "/v1/health";

    private PortProbe() {}

    static Answer probe(EmbeddedListen listen) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        try (http) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + listen.describe() + HEALTH))
                            .timeout(TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && isBatonHealth(response.body())) {
                return new Answer(Finding.BATON_RELAY, "a Baton relay");
            }
            return new Answer(
                    Finding.SOMETHING_ELSE,
                    "an HTTP server that answers GET " + HEALTH + " with HTTP " + response.statusCode());
        } catch (ConnectException refused) {
            return new Answer(Finding.NOTHING_LISTENING, "nothing");
        } catch (HttpTimeoutException tooSlow) {
            return new Answer(
                    Finding.SOMETHING_ELSE,
                    "something that does not answer GET " + HEALTH + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException notHttp) {
            return new Answer(Finding.SOMETHING_ELSE, "something that does not speak HTTP");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Finding.SOMETHING_ELSE, "something that did not answer before this baton stopped");
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
