package dev.baton.server.agent.provider;

import com.anthropic.backends.Backend;
import com.anthropic.bedrock.backends.BedrockBackend;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.vertex.backends.VertexBackend;
import com.google.auth.oauth2.GoogleCredentials;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.baton.server.agent.config.CloudCredentials;
import dev.baton.server.agent.config.ModelSetup;
import dev.baton.server.agent.model.ModelProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Builds providers. Each holds a connection pool: build one per configuration and share it. */
public final class ModelProviders {
    private ModelProviders() {}

    /**
     * The Anthropic Messages API.
     *
     * @param baseUrl null for the SDK's default ({@code https://api.anthropic.com})
     */
    public static ModelProvider anthropic(String apiKey, String baseUrl, RetryPolicy retries) {
        AnthropicOkHttpClient.Builder client =
                AnthropicOkHttpClient.builder().apiKey(apiKey).maxRetries(0);
        if (baseUrl != null) {
            client.baseUrl(baseUrl);
        }
        return new StreamingProvider(new AnthropicApi(client.build(), "Anthropic"), retries);
    }

    /**
     * Anthropic models on Amazon Bedrock, each request signed (SigV4) with credentials from {@code
     * credentials}.
     *
     * @param baseUrl null for {@code https://bedrock-runtime.REGION.amazonaws.com}; otherwise a proxy
     *     or a test server (the signature then covers that host)
     */
    public static ModelProvider bedrock(
            AwsCredentialsProvider credentials, String region, String baseUrl, RetryPolicy retries) {
        return cloud(
                new BedrockEventStreamBackend(BedrockBackend.builder()
                        .awsCredentialsProvider(credentials)
                        .region(Region.of(region))
                        .build()),
                BEDROCK,
                baseUrl,
                retries);
    }

    /** Anthropic models on Amazon Bedrock with a Bedrock API key, sent as a bearer token. */
    public static ModelProvider bedrockWithApiKey(String apiKey, String region, String baseUrl, RetryPolicy retries) {
        return cloud(
                BedrockBackend.builder()
                        .apiKey(apiKey)
                        .region(Region.of(region))
                        .build(),
                BEDROCK,
                baseUrl,
                retries);
    }

    /**
     * Anthropic models on Google Vertex AI, with an OAuth access token from {@code credentials} on
     * each request.
     *
     * @param baseUrl null for {@code https://REGION-aiplatform.googleapis.com}; otherwise a proxy or a
     *     test server
     */
    public static ModelProvider vertex(
            GoogleCredentials credentials, String project, String region, String baseUrl, RetryPolicy retries) {
        return cloud(
                VertexBackend.builder()
                        .googleCredentials(credentials)
                        .project(project)
                        .region(region)
                        .build(),
                VERTEX,
                baseUrl,
                retries);
    }

    private static final String BEDROCK = "Amazon Bedrock";
    private static final String VERTEX = "Google Vertex AI";

    private static ModelProvider cloud(Backend backend, String name, String baseUrl, RetryPolicy retries) {
        AnthropicClient client =
                AnthropicOkHttpClient.builder().backend(backend).maxRetries(0).build();
        if (baseUrl != null) {
            // With a backend the builder leaves the host to it; the client's own base URL overrides it.
            client = client.withOptions(options -> options.baseUrl(baseUrl));
        }
        return new StreamingProvider(new AnthropicApi(client, name), retries);
    }

    /** Where the OpenAI SDK sends requests when no base URL is given. */
    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

    /**
     * OpenAI or any OpenAI-compatible chat-completions endpoint.
     *
     * @param apiKey null for local servers that need none
     * @param baseUrl null for OpenAI itself; for others the URL the server documents, such as {@code
     *     http://localhost:11434/v1} (Ollama) or {@code http://localhost:8080/v1} (llama.cpp)
     */
    public static ModelProvider openAiCompatible(String apiKey, String baseUrl, RetryPolicy retries) {
        String url = baseUrl == null ? OPENAI_BASE_URL : baseUrl;
        boolean official = url.startsWith(OPENAI_BASE_URL);
        OpenAIOkHttpClient.Builder client = OpenAIOkHttpClient.builder()
                // The SDK insists on a key; local servers ignore the header.
                .apiKey(apiKey == null ? "none" : apiKey)
                .baseUrl(url)
                .maxRetries(0);
        String name = official ? "OpenAI" : url;
        return new StreamingProvider(new OpenAiApi(client.build(), name, official), retries);
    }

    private static GoogleCredentials googleCredentials(CloudCredentials credentials) {
        if (credentials instanceof CloudCredentials.GoogleFile file) {
            return new LazyGoogleCredentials(file.file());
        }
        throw new IllegalArgumentException("Vertex AI needs Google credentials, not " + credentials.describe());
    }

    /** The provider a ready configuration describes. */
    public static ModelProvider create(ModelSetup.Ready setup, RetryPolicy retries) {
        var settings = setup.settings();
        return switch (settings.provider().value()) {
            case ANTHROPIC -> anthropic(
                    settings.apiKey().value(), settings.baseUrl().value(), retries);
            case OPENAI -> openAiCompatible(
                    settings.apiKey().value(), settings.baseUrl().value(), retries);
            case BEDROCK -> settings.apiKey().isSet()
                    ? bedrockWithApiKey(
                            settings.apiKey().value(),
                            settings.region().value(),
                            settings.baseUrl().value(),
                            retries)
                    : bedrock(
                            AwsCredentialSources.of(settings.credentials().value()),
                            settings.region().value(),
                            settings.baseUrl().value(),
                            retries);
            case VERTEX -> vertex(
                    googleCredentials(settings.credentials().value()),
                    settings.project().value(),
                    settings.region().value(),
                    settings.baseUrl().value(),
                    retries);
        };
    }
}
