package dev.baton.server.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves the model configuration from, highest precedence first: environment variables, the
 * project's {@code <project>/.baton/settings.json}, the user's {@code $BATON_HOME/config.json}, and
 * defaults. Both files take the same keys:
 *
 * <pre>{@code
 * {
 *   "provider": "anthropic",            // or "openai" (any OpenAI-compatible server)
 *   "model": "claude-sonnet-4-5",
 *   "maxTokens": 8192,
 *   "anthropic": {"apiKey": "sk-ant-…", "baseUrl": "https://…"},
 *   "openai": {"apiKey": "sk-…", "baseUrl": "http://localhost:11434/v1"}
 * }
 * }</pre>
 *
 * Variables: {@code BATON_PROVIDER}, {@code BATON_MODEL}, {@code ANTHROPIC_API_KEY}, {@code
 * ANTHROPIC_BASE_URL}, {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}.
 *
 * <p>A project file comes with the code, possibly from someone else: when it chooses the base URL,
 * a key from anywhere but that same file is not sent there, or a cloned repository could collect the
 * user's key.
 */
public final class ModelConfigLoader {
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
    public static final int DEFAULT_MAX_TOKENS = 8192;

    private final Map<String, String> env;
    private final Layer project;
    private final Layer user;

    private record Layer(JsonNode root, Source source) {
        JsonNode at(String key) {
            JsonNode node = root;
            for (String part : key.split("\\.")) {
                node = node.path(part);
            }
            return node;
        }
    }

    private ModelConfigLoader(Map<String, String> env, Layer project, Layer user) {
        this.env = env;
        this.project = project;
        this.user = user;
    }

    /**
     * @param batonHome the data directory ({@code BATON_HOME}, default {@code ~/.baton})
     * @param projectDirectory the session's working directory
     * @throws ConfigException when a file is not valid JSON or a value has the wrong type or an
     *     unknown provider
     */
    public static ModelSetup load(Path batonHome, Path projectDirectory, Map<String, String> env)
            throws ConfigException {
        Path userFile = batonHome.resolve("config.json");
        Path projectFile = projectDirectory.resolve(".baton").resolve("settings.json");
        return new ModelConfigLoader(
                        env,
                        new Layer(read(projectFile), new Source(Source.Kind.PROJECT_FILE, projectFile.toString())),
                        new Layer(read(userFile), new Source(Source.Kind.USER_FILE, userFile.toString())))
                .resolve();
    }

    private ModelSetup resolve() throws ConfigException {
        Setting<String> providerName = text("provider", "BATON_PROVIDER");
        ProviderKind provider = ProviderKind.ANTHROPIC;
        if (providerName.isSet()) {
            provider = ProviderKind.parse(providerName.value())
                    .orElseThrow(() -> new ConfigException(
                            "Unknown provider \"" + providerName.value() + "\" in " + providerName.source()
                                    + "; known providers: " + ProviderKind.known() + ".",
                            null));
        }
        String prefix = provider.configName() + ".";
        Setting<String> model = text("model", "BATON_MODEL");
        if (!model.isSet() && provider == ProviderKind.ANTHROPIC) {
            model = new Setting<>(DEFAULT_ANTHROPIC_MODEL, Source.DEFAULT);
        }
        Setting<String> baseUrl = text(prefix + "baseUrl", provider.baseUrlVariable());
        Setting<String> apiKey = text(prefix + "apiKey", provider.keyVariable());
        boolean withheld = apiKey.isSet()
                && baseUrl.source().kind() == Source.Kind.PROJECT_FILE
                && apiKey.source().kind() != Source.Kind.PROJECT_FILE;
        if (withheld) {
            apiKey = new Setting<>(null, apiKey.source());
        }
        Setting<Integer> maxTokens = maxTokens();
        ModelSettings settings = new ModelSettings(
                new Setting<>(provider, providerName.isSet() ? providerName.source() : Source.DEFAULT),
                model,
                apiKey,
                baseUrl,
                maxTokens);

        if (withheld) {
            return new ModelSetup.NotConfigured(
                    settings,
                    "The project's " + baseUrl.source() + " sends requests to " + baseUrl.value()
                            + ", so Baton does not send your " + provider.configName() + " API key there. Set "
                            + prefix + "baseUrl in $BATON_HOME/config.json or " + provider.baseUrlVariable()
                            + " if you trust it.");
        }
        if (provider == ProviderKind.ANTHROPIC && !apiKey.isSet()) {
            return new ModelSetup.NotConfigured(
                    settings,
                    "No model is configured: set ANTHROPIC_API_KEY, or add \"anthropic\": {\"apiKey\": …} or"
                            + " an \"openai\" provider to $BATON_HOME/config.json.");
        }
        if (provider == ProviderKind.OPENAI && !model.isSet()) {
            return new ModelSetup.NotConfigured(
                    settings,
                    "The openai provider needs a model: set \"model\" in $BATON_HOME/config.json or BATON_MODEL.");
        }
        if (provider == ProviderKind.OPENAI && !apiKey.isSet() && !baseUrl.isSet()) {
            return new ModelSetup.NotConfigured(
                    settings,
                    "The openai provider needs OPENAI_API_KEY for OpenAI, or openai.baseUrl (OPENAI_BASE_URL) for"
                            + " a local server such as Ollama.");
        }
        return new ModelSetup.Ready(settings);
    }

    private Setting<String> text(String key, String variable) throws ConfigException {
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Setting<>(fromEnv.strip(), Source.environment(variable));
        }
        for (Layer layer : new Layer[] {project, user}) {
            JsonNode node = layer.at(key);
            if (node.isMissingNode() || node.isNull()) {
                continue;
            }
            if (!node.isTextual()) {
                throw new ConfigException(
                        key + " in " + layer.source() + " must be a string, got " + node.getNodeType(), null);
            }
            if (!node.asText().isBlank()) {
                return new Setting<>(node.asText().strip(), layer.source());
            }
        }
        return Setting.unset();
    }

    private Setting<Integer> maxTokens() throws ConfigException {
        for (Layer layer : new Layer[] {project, user}) {
            JsonNode node = layer.at("maxTokens");
            if (node.isMissingNode() || node.isNull()) {
                continue;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
                throw new ConfigException(
                        "maxTokens in " + layer.source() + " must be a positive whole number, got " + node, null);
            }
            return new Setting<>(node.asInt(), layer.source());
        }
        return new Setting<>(DEFAULT_MAX_TOKENS, Source.DEFAULT);
    }

    private static JsonNode read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (root == null || root.isMissingNode()) {
                return Json.MAPPER.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException(file + " must hold a JSON object, got " + root.getNodeType(), null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(),
                    e);
        }
    }
}
