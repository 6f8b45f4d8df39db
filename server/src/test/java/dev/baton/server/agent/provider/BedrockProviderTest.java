package dev.baton.server.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.RecordedModelRequest;
import dev.baton.fixtures.model.Reply;
import dev.baton.server.agent.config.CloudCredentials;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Anthropic on Amazon Bedrock through the SDK's Bedrock backend, against the fake server speaking
 * Bedrock's wire format: the model in the path, SigV4-signed requests, answers in AWS event-stream
 * framing.
 */
class BedrockProviderTest extends ProviderContractTest {
    /** An empty ~/.aws unless a test writes there. */
    @TempDir
    Path aws;

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

            assertThat(keyed.stream(ask("hi"), listener, new Cancellation())
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
    void aProfileInTheAwsFilesSignsTheRequest() throws Exception {
        write(aws.resolve("credentials"), "[work]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s3cr3t\n");
        server.enqueue(Reply.text("ok"));

        try (ModelProvider fromProfile = fromProfile("work")) {
            assertThat(fromProfile.stream(ask("hi"), listener, new Cancellation())
                            .message()
                            .text())
                    .isEqualTo("ok");
        }

        assertThat(server.takeRequest(Duration.ofSeconds(5)).header("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDPROFILE/");
    }

    @Test
    void aMissingProfileIsAClearFailureAndNothingIsSent() {
        ModelException e = failureFromProfile("nowhere");

        assertThat(e.failure()).isInstanceOf(ModelFailure.CredentialsUnavailable.class);
        assertThat(e.getMessage())
                .startsWith("Cannot get the credentials for Amazon Bedrock: AWS credentials from AWS profile nowhere"
                        + " could not be loaded: ")
                .endsWith("`baton config` shows where they come from.");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void anSsoProfileSaysHowToUseItThroughTheAwsCli() throws Exception {
        write(
                aws.resolve("config"),
                """
                [profile sso]
                sso_start_url = https://example.awsapps.com/start
                sso_region = us-east-1
                sso_account_id = 123456789012
                sso_role_name = Developer
                """);

        ModelException e = failureFromProfile("sso");

        assertThat(e.failure()).isInstanceOf(ModelFailure.CredentialsUnavailable.class);
        assertThat(e.getMessage())
                .contains("AWS credentials from AWS profile sso could not be loaded")
                .contains(AwsCredentialSources.NO_SSO_OR_ROLES.strip());
        assertThat(server.requestCount()).isZero();
    }

    private ModelProvider fromProfile(String name) {
        return ModelProviders.bedrock(
                AwsCredentialSources.of(
                        new CloudCredentials.AwsProfile(name, aws.resolve("config"), aws.resolve("credentials"))),
                "eu-west-1",
                server.cloudBaseUrl(),
                FAST_RETRIES);
    }

    private ModelException failureFromProfile(String name) {
        try (ModelProvider provider = fromProfile(name)) {
            return catchThrowableOfType(
                    ModelException.class, () -> provider.stream(ask("hi"), listener, new Cancellation()));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
