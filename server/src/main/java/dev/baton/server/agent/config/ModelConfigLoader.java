package dev.baton.server.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves the model configuration from, highest precedence first: environment variables, the
 * project's {@code <project>/.baton/settings.json} (only when the folder is trusted: {@link
 * ProjectSettings}), the user's {@code $BATON_HOME/config.json}, and
 * defaults. Both files take the same keys:
 *
 * <pre>{@code
 * {
 *   "provider": "anthropic",            // or "openai" (any OpenAI-compatible server), "bedrock", "vertex"
 *   "model": "claude-sonnet-4-5",
 *   "maxTokens": 8192,
 *   "anthropic": {"apiKey": "sk-ant-…", "baseUrl": "https://…"},
 *   "openai": {"apiKey": "sk-…", "baseUrl": "http://localhost:11434/v1"},
 *   "bedrock": {"region": "us-east-1", "profile": "work", "apiKey": "…", "baseUrl": "https://…"},
 *   "vertex": {"project": "my-project", "region": "us-east5", "baseUrl": "https://…"}
 * }
 * }</pre>
 *
 * Variables: {@code BATON_PROVIDER}, {@code BATON_MODEL}, {@code ANTHROPIC_API_KEY}, {@code
 * ANTHROPIC_BASE_URL}, {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}; for Bedrock {@code
 * AWS_REGION} (or {@code AWS_DEFAULT_REGION}), {@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, {@code AWS_BEARER_TOKEN_BEDROCK}, {@code
 * ANTHROPIC_BEDROCK_BASE_URL}; for Vertex {@code ANTHROPIC_VERTEX_PROJECT_ID}, {@code
 * CLOUD_ML_REGION}, {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code ANTHROPIC_VERTEX_BASE_URL}. AWS
 * keys and Google credentials are never read from Baton's files: they stay where the cloud tools
 * keep them ({@link CloudCredentialsLocator}).
 *
 * <p>A project file comes with the code, possibly from someone else: when it chooses the base URL,
 * a key from anywhere but that same file is not sent there, nor are cloud credentials, or a cloned
 * repository could collect the user's key.
 */
public final class ModelConfigLoader {
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
    /**
     * Vertex names models with a version after an {@code @}. Bedrock has no default: its model IDs
     * depend on the account's region (cross-region inference profiles start with {@code us.}, {@code
     * eu.}, {@code apac.}).
     */
    public static final String DEFAULT_VERTEX_MODEL = "claude-sonnet-4-5@20250929";

    public static final int DEFAULT_MAX_TOKENS = 8192;
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

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
     * @param project the session's folder, whose settings count only when it is trusted
     * @throws ConfigException when a file is not valid JSON or a value has the wrong type or an
     *     unknown provider
     */
    public static ModelSetup load(Path batonHome, ProjectSettings project, Map<String, String> env)
            throws ConfigException {
        Path userFile = batonHome.resolve("config.json");
        Path projectFile = project.settingsFile();
        // An untrusted folder's file is not even parsed: its mistakes are not the user's to fix either.
        JsonNode projectRoot = project.trusted() ? read(projectFile) : Json.MAPPER.createObjectNode();
        return new ModelConfigLoader(
                        env,
                        new Layer(projectRoot, new Source(Source.Kind.PROJECT_FILE, projectFile.toString())),
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
        if (!model.isSet() && provider == ProviderKind.VERTEX) {
            model = new Setting<>(DEFAULT_VERTEX_MODEL, Source.DEFAULT);
        }
        Setting<String> baseUrl = text(prefix + "baseUrl", provider.baseUrlVariable());
        Setting<String> apiKey =
                provider.keyVariable() == null ? Setting.unset() : text(prefix + "apiKey", provider.keyVariable());
        Setting<String> region = region(provider);
        Setting<String> project = provider == ProviderKind.VERTEX
                ? text("vertex.project", "ANTHROPIC_VERTEX_PROJECT_ID")
                : Setting.unset();
        Setting<CloudCredentials> credentials = credentials(provider, apiKey);
        boolean projectChoosesUrl = baseUrl.source().kind() == Source.Kind.PROJECT_FILE;
        boolean withheld = projectChoosesUrl
                && ((apiKey.isSet() && apiKey.source().kind() != Source.Kind.PROJECT_FILE) || credentials.isSet());
        if (withheld) {
            apiKey = new Setting<>(null, apiKey.source());
            credentials = new Setting<>(null, credentials.source());
        }
        Setting<Integer> maxTokens = maxTokens();
        ModelSettings settings = new ModelSettings(
                new Setting<>(provider, providerName.isSet() ? providerName.source() : Source.DEFAULT),
                model,
                apiKey,
                baseUrl,
                maxTokens,
                region,
                project,
                credentials);

        if (withheld) {
            return new ModelSetup.NotConfigured(
                    settings,
                    "The project's " + baseUrl.source() + " sends requests to " + baseUrl.value()
                            + ", so Baton does not send your " + provider.configName()
                            + (provider.isCloud() ? " credentials" : " API key") + " there. Set " + prefix
                            + "baseUrl in $BATON_HOME/config.json or " + provider.baseUrlVariable()
                            + " if you trust it.");
        }
        if (provider == ProviderKind.ANTHROPIC && !apiKey.isSet()) {
            return new ModelSetup.NotConfigured(
                    settings,
                    "No model is configured: set ANTHROPIC_API_KEY in the environment that starts baton, or add"
                            + " \"anthropic\": {\"apiKey\": …} or an \"openai\" provider to $BATON_HOME/config.json"
                            + " (default ~/.baton/config.json).");
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
        List<String> missing = provider.isCloud() ? missingForCloud(settings) : List.of();
        if (!missing.isEmpty()) {
            return new ModelSetup.NotConfigured(
                    settings, "The " + provider.configName() + " provider needs " + String.join("; ", missing) + ".");
        }
        return new ModelSetup.Ready(settings);
    }

    /** What a Bedrock or Vertex configuration lacks, each item saying what to set. */
    private static List<String> missingForCloud(ModelSettings settings) {
        List<String> missing = new ArrayList<>();
        boolean bedrock = settings.provider().value() == ProviderKind.BEDROCK;
        if (!settings.model().isSet()) {
            missing.add("a model: set BATON_MODEL or \"model\" in $BATON_HOME/config.json to a Bedrock model or"
                    + " inference profile ID, such as us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        }
        if (!settings.region().isSet()) {
            missing.add(
                    bedrock
                            ? "a region: set AWS_REGION (or \"bedrock\": {\"region\": …} in $BATON_HOME/config.json),"
                                    + " such as us-east-1"
                            : "a region: set CLOUD_ML_REGION (or \"vertex\": {\"region\": …} in"
                                    + " $BATON_HOME/config.json), such as us-east5 or global");
        }
        if (!bedrock && !settings.project().isSet()) {
            missing.add("a Google Cloud project: set ANTHROPIC_VERTEX_PROJECT_ID (or \"vertex\": {\"project\": …} in"
                    + " $BATON_HOME/config.json)");
        }
        if (!settings.credentials().isSet() && !settings.apiKey().isSet()) {
            missing.add(
                    bedrock
                            ? "AWS credentials: " + CloudCredentialsLocator.AWS_HOW_TO
                            : "Google credentials: " + CloudCredentialsLocator.GOOGLE_HOW_TO);
        }
        return missing;
    }

    private Setting<String> region(ProviderKind provider) throws ConfigException {
        Setting<String> region =
                switch (provider) {
                    case BEDROCK -> {
                        // Either variable beats the files, as variables do; AWS_REGION is the AWS SDKs' first choice.
                        Setting<String> named = text("bedrock.region", "AWS_REGION");
                        Setting<String> fallback = text("bedrock.region", "AWS_DEFAULT_REGION");
                        yield named.source().kind() != Source.Kind.ENVIRONMENT
                                        && fallback.source().kind() == Source.Kind.ENVIRONMENT
                                ? fallback
                                : named;
                    }
                    case VERTEX -> text("vertex.region", "CLOUD_ML_REGION");
                    case ANTHROPIC, OPENAI -> Setting.unset();
                };
        // The region becomes part of a host name: a value such as "evil.example#" must not redirect requests.
        if (region.isSet() && !REGION.matcher(region.value()).matches()) {
            throw new ConfigException(
                    "The region \"" + region.value() + "\" in " + region.source()
                            + " is not a region name (such as us-east-1 or europe-west1).",
                    null);
        }
        return region;
    }

    private Setting<CloudCredentials> credentials(ProviderKind provider, Setting<String> apiKey)
            throws ConfigException {
        CloudCredentialsLocator locator = new CloudCredentialsLocator(env);
        Optional<Setting<CloudCredentials>> found =
                switch (provider) {
                    case BEDROCK -> apiKey.isSet()
                            ? Optional.empty()
                            : locator.aws(text("bedrock.profile", "AWS_PROFILE"));
                    case VERTEX -> locator.google();
                    case ANTHROPIC, OPENAI -> Optional.empty();
                };
        return found.orElse(Setting.unset());
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
