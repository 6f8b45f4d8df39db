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
    OPENAI("openai", "OPENAI_API_KEY", "OPENAI_BASE_URL");

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

    public String keyVariable() {
        return keyVariable;
    }

    public String baseUrlVariable() {
        return baseUrlVariable;
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
