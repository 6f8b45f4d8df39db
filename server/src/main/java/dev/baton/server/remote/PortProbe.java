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
import java.util.OptionalInt;

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
            if (response.statusCode() == 200) {
                OptionalInt protocol = batonProtocol(response.body());
                if (protocol.isPresent() && protocol.getAsInt() == ProtocolVersion.CURRENT) {
                    return new Answer(Finding.BATON_RELAY, "a Baton relay");
                }
                if (protocol.isPresent()) {
                    // Joining it would fail on every frame: say which Baton to update instead of "a stranger".
                    return new Answer(
                            Finding.SOMETHING_ELSE,
                            "a Baton relay of protocol version " + protocol.getAsInt() + " (this baton speaks "
                                    + ProtocolVersion.CURRENT + "; update or stop the Baton that runs it)");
                }
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

    /**
     * The protocol version in a Baton relay's answer to {@code GET /v1/health} ({@code {"status":"ok",
     * "protocol":N}}), or empty for any other answer.
     */
    static OptionalInt batonProtocol(String body) {
        try {
            Health health = Json.decode(body, Health.class);
            return "ok".equals(health.status()) && health.protocol() > 0
                    ? OptionalInt.of(health.protocol())
                    : OptionalInt.empty();
        } catch (RuntimeException notOurs) {
            return OptionalInt.empty();
        }
    }
}
