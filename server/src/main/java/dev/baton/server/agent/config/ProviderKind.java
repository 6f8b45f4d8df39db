package dev.baton.server.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The APIs Baton can talk to, by the name used in configuration. */
public enum ProviderKind {
    /** The Anthropic Messages API. */
    ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
    /** OpenAI or any OpenAI-compatible chat-completions server (Ollama, vLLM, llama.cpp, LM Studio). */
    OPENAI("openai", "OPENAI_API_KEY", "OPENAI_BASE_URL"),
    /**
     * Anthropic models on Amazon Bedrock: AWS credentials (or a Bedrock API key, sent as a bearer
     * token) and a region. The variable names are those the Claude tooling already uses.
     */
    BEDROCK("bedrock", "AWS_BEARER_TOKEN_BEDROCK", "ANTHROPIC_BEDROCK_BASE_URL"),
    /** Anthropic models on Google Vertex AI: Google Application Default Credentials, a project and a region. */
    VERTEX("vertex", null, "ANTHROPIC_VERTEX_BASE_URL");

    private final String configName;
    private final String keyVariable;
    private final String baseUrlVariable;

    ProviderKind(String configName, String keyVariable, String baseUrlVariable) {
        this.configName = configName;
        this.keyVariable = keyVariable;
        this.baseUrlVariable = baseUrlVariable;
    }

    public String configName() {
        return configName;
    }

    /** Null for Vertex, which takes no API key. */
    public String keyVariable() {
        return keyVariable;
    }

    public String baseUrlVariable() {
        return baseUrlVariable;
    }

    /** Whether it is reached through a cloud account (Bedrock, Vertex) rather than an API key alone. */
    public boolean isCloud() {
        return this == BEDROCK || this == VERTEX;
    }

    public static Optional<ProviderKind> parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.configName.equals(wanted))
                .findFirst();
    }

    static String known() {
        return Arrays.stream(values()).map(ProviderKind::configName).collect(Collectors.joining(", "));
    }
}
