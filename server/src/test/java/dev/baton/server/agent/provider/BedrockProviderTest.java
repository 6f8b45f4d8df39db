package dev.baton.server.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.RecordedModelRequest;
import dev.baton.fixtures.model.Reply;
import dev.baton.server.agent.config.CloudCredentials;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelProvider;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Anthropic on Amazon Bedrock through the SDK's Bedrock backend, against the fake server speaking
 * Bedrock's wire format: the model in the path, SigV4-signed requests, answers in AWS event-stream
 * framing.
 */
class BedrockProviderTest extends ProviderContractTest {
    static final AwsSessionCredentials CREDENTIALS =
            AwsSessionCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");

    @Override
    ModelProvider provider(FakeModelServer server, RetryPolicy retries) {
        return ModelProviders.bedrock(
                StaticCredentialsProvider.create(CREDENTIALS), "eu-west-1", server.cloudBaseUrl(), retries);
    }

    @Override
    void assertCarriesToolCallAndResult(RecordedModelRequest request) {
        assertThat(request.path()).isEqualTo("/model/test-model/invoke-with-response-stream");
        AnthropicProviderTest.assertAnthropicToolCallAndResult(request);
    }

    @Override
    void assertAsksForAStream(RecordedModelRequest sent) {
        assertThat(sent.path()).isEqualTo("/model/test-model/invoke-with-response-stream");
        assertThat(sent.body().path("anthropic_version").asText()).isEqualTo("bedrock-2023-05-31");
        assertThat(sent.body().has("model"))
                .as("Bedrock takes the model from the path")
                .isFalse();
        assertThat(sent.body().has("stream")).as("Bedrock streams by path").isFalse();
    }

    @Test
    void signsEachRequestWithSigV4ForBedrockInTheRegion() throws Exception {
        server.enqueue(Reply.text("ok"));
        String today = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);

        stream(ask("hi"));

        RecordedModelRequest sent = server.takeRequest(Duration.ofSeconds(5));
        String authorization = sent.header("authorization");
        assertThat(authorization)
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .containsPattern("Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/bedrock/aws4_request, ")
                .containsPattern("SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date")
                .containsPattern("Signature=[0-9a-f]{64}$")
                .doesNotContain(CREDENTIALS.secretAccessKey());
        assertThat(authorization).matches(".*Credential=AKIDEXAMPLE/(" + today + "|\\d{8})/.*");
        assertThat(sent.header("x-amz-date")).matches("\\d{8}T\\d{6}Z");
        assertThat(sent.header("x-amz-security-token")).isEqualTo("session-token");
        assertThat(sent.header("x-amz-content-sha256")).matches("[0-9a-f]{64}");
    }

    @Test
    void anExceptionInsideTheStreamIsTypedLikeAnthropicsOwn() {
        server.enqueue(Reply.text("par", "tial").errorAfterFirstDelta("overloaded_error", "Too many requests"));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure()).isInstanceOf(ModelFailure.Overloaded.class);
        assertThat(e.getMessage()).isEqualTo("Amazon Bedrock is overloaded right now (HTTP 529).");
        assertThat(listener.text()).isEqualTo("par");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aBedrockApiKeyIsSentAsABearerTokenUnsigned() throws Exception {
        try (ModelProvider keyed =
                ModelProviders.bedrockWithApiKey("bedrock-api-key", "us-east-1", server.cloudBaseUrl(), FAST_RETRIES)) {
            server.enqueue(Reply.text("ok"));

            assertThat(keyed.stream(ask("hi"), listener, new dev.baton.server.agent.model.Cancellation())
                            .message()
                            .text())
                    .isEqualTo("ok");
        }

        RecordedModelRequest sent = server.takeRequest(Duration.ofSeconds(5));
        assertThat(sent.header("authorization")).isEqualTo("Bearer bedrock-api-key");
        assertThat(sent.path()).isEqualTo("/model/test-model/invoke-with-response-stream");
    }

    @Test
    void anAwsErrorIsReadFromItsOwnShape() {
        server.enqueue(Reply.error(400, "invalid_request_error", "The provided model identifier is invalid."));

        ModelException e = failure(ask("hi"));

        assertThat(e.failure())
                .isEqualTo(new ModelFailure.BadRequest(400, "The provided model identifier is invalid."));
        assertThat(e.getMessage())
                .isEqualTo("Amazon Bedrock rejected the request (HTTP 400): The provided model identifier is invalid.");
    }

    @Test
    void credentialsThatCannotBeLoadedAreAClearFailureAndNothingIsSent() throws Exception {
        String profile = "baton-test-no-such-profile-" + UUID.randomUUID();
        try (ModelProvider unsigned = ModelProviders.bedrock(
                AwsCredentialSources.of(new CloudCredentials.AwsProfile(profile)),
                "eu-west-1",
                server.cloudBaseUrl(),
                FAST_RETRIES)) {
            ModelException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    ModelException.class,
                    () -> unsigned.stream(ask("hi"), listener, new dev.baton.server.agent.model.Cancellation()));

            assertThat(e.failure()).isInstanceOf(ModelFailure.CredentialsUnavailable.class);
            assertThat(e.getMessage())
                    .startsWith("Cannot get the credentials for Amazon Bedrock: AWS credentials from AWS profile "
                            + profile + " could not be loaded: ")
                    .endsWith("`baton config` shows where they come from.");
        }
        assertThat(server.requestCount()).isZero();
    }
}
