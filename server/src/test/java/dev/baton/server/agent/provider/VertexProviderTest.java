package dev.baton.server.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.RecordedModelRequest;
import dev.baton.fixtures.model.Reply;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anthropic on Google Vertex AI through the SDK's Vertex backend, against the fake server speaking
 * Vertex's wire format: project, region and model in the path, an OAuth bearer token, the answer as
 * Anthropic SSE.
 */
class VertexProviderTest extends ProviderContractTest {
    static final String PATH =
            "/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/test-model:streamRawPredict";

    @TempDir
    Path directory;

    @Override
    ModelProvider provider(FakeModelServer server, RetryPolicy retries) {
        GoogleCredentials credentials = GoogleCredentials.create(
                new AccessToken("ya29.static-token", Date.from(Instant.now().plus(Duration.ofHours(1)))));
        return ModelProviders.vertex(credentials, "my-project", "us-east5", server.cloudBaseUrl(), retries);
    }

    @Override
    void assertCarriesToolCallAndResult(RecordedModelRequest request) {
        assertThat(request.path()).isEqualTo(PATH);
        AnthropicProviderTest.assertAnthropicToolCallAndResult(request);
    }

    @Override
    void assertAsksForAStream(RecordedModelRequest sent) {
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.body().path("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
        assertThat(sent.body().has("model"))
                .as("Vertex takes the model from the path")
                .isFalse();
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
    }

    @Test
    void sendsTheAccessTokenAsABearer() throws Exception {
        server.enqueue(Reply.text("ok"));

        stream(ask("hi"));

        assertThat(server.takeRequest(Duration.ofSeconds(5)).header("authorization"))
                .isEqualTo("Bearer ya29.static-token");
    }

    @Test
    void aGoogleQuotaErrorIsARateLimitAndRetried() throws Exception {
        server.enqueue(
                Reply.error(429, "rate_limit_error", "Quota exceeded for aiplatform.googleapis.com"), Reply.text("ok"));

        assertThat(stream(ask("hi")).message().text()).isEqualTo("ok");

        ModelEvent.Retrying retrying = listener.of(ModelEvent.Retrying.class).getFirst();
        assertThat(retrying.cause()).isInstanceOf(ModelFailure.RateLimited.class);
        assertThat(retrying.cause().describe("Google Vertex AI"))
                .isEqualTo("Google Vertex AI rate limit reached (HTTP 429).");
    }

    @Test
    void aCredentialsFileIsExchangedForAnAccessTokenOnFirstUse() throws Exception {
        Path file = server.googleCredentialsFile(directory);
        try (ModelProvider fromFile = ModelProviders.vertex(
                new LazyGoogleCredentials(file), "my-project", "us-east5", server.cloudBaseUrl(), FAST_RETRIES)) {
            server.enqueue(Reply.text("one"), Reply.text("two"));

            fromFile.stream(ask("hi"), listener, new Cancellation());
            fromFile.stream(ask("again"), listener, new Cancellation());
        }

        assertThat(server.takeRequest(Duration.ofSeconds(5)).header("authorization"))
                .isEqualTo("Bearer " + FakeModelServer.GOOGLE_ACCESS_TOKEN);
        assertThat(server.takeRequest(Duration.ofSeconds(5)).header("authorization"))
                .isEqualTo("Bearer " + FakeModelServer.GOOGLE_ACCESS_TOKEN);
        assertThat(server.googleTokenRequests())
                .as("the token is kept until it expires")
                .isEqualTo(1);
    }

    @Test
    void aBrokenCredentialsFileIsAClearFailureAndNothingIsSent() throws Exception {
        Path file = Files.writeString(directory.resolve("broken.json"), "{\"type\": \"authorized_user\"");
        try (ModelProvider broken = ModelProviders.vertex(
                new LazyGoogleCredentials(file), "my-project", "us-east5", server.cloudBaseUrl(), FAST_RETRIES)) {
            ModelException e = catchThrowableOfType(
                    ModelException.class, () -> broken.stream(ask("hi"), listener, new Cancellation()));

            assertThat(e.failure()).isInstanceOf(ModelFailure.CredentialsUnavailable.class);
            assertThat(e.getMessage())
                    .startsWith("Cannot get the credentials for Google Vertex AI: Google credentials from " + file
                            + " could not be loaded: ")
                    .endsWith("`baton config` shows where they come from.");
        }
        assertThat(server.requestCount()).isZero();
    }
}
