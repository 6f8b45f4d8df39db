package dev.baton.server.agent.config;

/**
 * The effective model configuration, every value with its source.
 *
 * @param apiKey the key for {@link #provider()}; null when none is set, or when it was withheld
 *     (see {@link ModelConfigLoader})
 * @param baseUrl null means the provider's own endpoint
 */
public record ModelSettings(
        Setting<ProviderKind> provider,
        Setting<String> model,
        Setting<String> apiKey,
        Setting<String> baseUrl,
        Setting<Integer> maxTokens) {}
