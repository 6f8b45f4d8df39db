package dev.baton.server.agent.provider;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.baton.server.agent.config.ModelSetup;
import dev.baton.server.agent.model.ModelProvider;

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
        return new StreamingProvider(new AnthropicApi(client.build()), retries);
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

    /** The provider a ready configuration describes. */
    public static ModelProvider create(ModelSetup.Ready setup, RetryPolicy retries) {
        var settings = setup.settings();
        return switch (settings.provider().value()) {
            case ANTHROPIC -> anthropic(
                    settings.apiKey().value(), settings.baseUrl().value(), retries);
            case OPENAI -> openAiCompatible(
                    settings.apiKey().value(), settings.baseUrl().value(), retries);
        };
    }
}
