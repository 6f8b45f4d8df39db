package dev.baton.server.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What {@code baton config} prints: the effective model configuration, each value's source, keys masked. */
public final class ConfigReport {
    private ConfigReport() {}

    /** The report's first line when the model cannot be used yet; {@code reason} says what is missing. */
    public static String notReady(String reason) {
        return "Model: not ready. " + reason;
    }

    public static String render(ModelSetup setup) {
        ModelSettings settings = setup.settings();
        List<String> lines = new ArrayList<>();
        lines.add(
                switch (setup) {
                    case ModelSetup.Ready ready -> "Model: ready";
                    case ModelSetup.NotConfigured missing -> notReady(missing.reason());
                });
        row(lines, "provider", settings.provider().value().configName(), settings.provider());
        row(lines, "model", settings.model().value(), settings.model());
        ProviderKind provider = settings.provider().value();
        if (provider.isCloud()) {
            row(lines, "region", settings.region().value(), settings.region());
        }
        if (provider == ProviderKind.VERTEX) {
            row(lines, "project", settings.project().value(), settings.project());
        }
        Setting<CloudCredentials> credentials = settings.credentials();
        if (provider.isCloud() && !settings.apiKey().isSet()) {
            row(lines, "credentials", shown(credentials, CloudCredentials::describe), credentials);
        }
        if (provider.keyVariable() != null) {
            row(lines, "apiKey", shown(settings.apiKey(), ConfigReport::mask), settings.apiKey());
        }
        row(
                lines,
                "baseUrl",
                settings.baseUrl().isSet() ? settings.baseUrl().value() : "(the provider's own)",
                settings.baseUrl());
        row(lines, "maxTokens", String.valueOf(settings.maxTokens().value()), settings.maxTokens());
        return String.join("\n", lines) + "\n";
    }

    /** A secret's masked form; "(withheld)" when one was found but is not sent (see {@link ModelConfigLoader}). */
    private static <T> String shown(Setting<T> secret, Function<T, String> masked) {
        if (secret.isSet()) {
            return masked.apply(secret.value());
        }
        return secret.source().kind() == Source.Kind.DEFAULT ? null : "(withheld)";
    }

    private static void row(List<String> lines, String name, String value, Setting<?> setting) {
        String source = value == null ? "" : "  (" + setting.source() + ")";
        lines.add(String.format("  %-11s %s%s", name, value == null ? "(not set)" : value, source));
    }

    /**
     * Enough of a key to tell two keys apart, never enough to use: the first three and last four
     * characters of a long key, nothing of a short one.
     */
    public static String mask(String key) {
        if (key.length() < 16) {
            return "****";
        }
        return key.substring(0, 3) + "…" + key.substring(key.length() - 4);
    }
}
