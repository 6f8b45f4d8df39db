package dev.baton.server.agent.provider;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
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
}
