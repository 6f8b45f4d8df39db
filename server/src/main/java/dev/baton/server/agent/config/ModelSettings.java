package dev.baton.server.agent.config;

/**
 * The effective model configuration, every value with its source.
 *
 * @param apiKey the key for {@link #provider()} (for Bedrock, a Bedrock API key); null when none is
 *     set, or when it was withheld (see {@link ModelConfigLoader})
 * @param baseUrl null means the provider's own endpoint
 * @param region the cloud region (Bedrock, Vertex); unset for the other providers
 * @param project the Google Cloud project (Vertex); unset for the other providers
 * @param credentials where the cloud credentials come from (Bedrock without an API key, Vertex);
 *     null when none were found or they were withheld
 */
public record ModelSettings(
        Setting<ProviderKind> provider,
        Setting<String> model,
        Setting<String> apiKey,
        Setting<String> baseUrl,
        Setting<Integer> maxTokens,
        Setting<String> region,
        Setting<String> project,
        Setting<CloudCredentials> credentials) {}
