package dev.baton.server.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code sandbox} object of {@code $BATON_HOME/config.json}: {@code {"enabled": true, "filesystem":
 * {"denyRead": ["~/.netrc"], "allowWrite": ["~/.cache/pip"]}, "network": {"allowedDomains":
 * ["pypi.org", "*.pythonhosted.org"]}}}. Only the user's own file is read: a project must not be able
 * to loosen the sandbox it runs in.
 *
 * @param enabled null when the file does not say
 * @param allowedDomains the hosts reachable through Baton's proxy; none means no network at all
 */
public record SandboxSettings(
        Boolean enabled, List<String> denyRead, List<String> allowWrite, DomainAllowList allowedDomains) {
    public static final SandboxSettings NONE = new SandboxSettings(null, List.of(), List.of());

    public SandboxSettings {
        denyRead = List.copyOf(denyRead);
        allowWrite = List.copyOf(allowWrite);
        Objects.requireNonNull(allowedDomains, "allowedDomains");
    }

    /** No network. */
    public SandboxSettings(Boolean enabled, List<String> denyRead, List<String> allowWrite) {
        this(enabled, denyRead, allowWrite, DomainAllowList.NONE);
    }

    public static SandboxSettings load(Path configFile) {
        JsonNode sandbox;
        try {
            sandbox = Json.MAPPER.readTree(Files.readString(configFile)).path("sandbox");
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(configFile + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        if (sandbox.isMissingNode() || sandbox.isNull()) {
            return NONE;
        }
        JsonNode enabled = sandbox.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw new ConfigurationException(configFile + ": sandbox.enabled must be true or false");
        }
        return new SandboxSettings(
                enabled.isBoolean() ? enabled.booleanValue() : null,
                paths(configFile, sandbox, "denyRead"),
                paths(configFile, sandbox, "allowWrite"),
                allowedDomains(configFile, sandbox));
    }

    /**
     * The sandbox these settings describe, with {@code ~/.ssh}, {@code ~/.aws}, {@code ~/.config/gcloud}
     * and {@code batonHome} always hidden.
     */
    public Sandbox sandbox(boolean on, Path home, Path batonHome) {
        if (!on) {
            return Sandbox.OFF;
        }
        List<Path> hidden = new ArrayList<>(
                List.of(home.resolve(".ssh"), home.resolve(".aws"), home.resolve(".config/gcloud"), batonHome));
        denyRead.forEach(path -> hidden.add(expand(path, home)));
        return new Sandbox(
                true,
                hidden,
                allowWrite.stream().map(path -> expand(path, home)).toList(),
                SandboxProbe.BWRAP,
                allowedDomains,
                NetworkAccess.NONE);
    }

    private static Path expand(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }

    private static DomainAllowList allowedDomains(Path file, JsonNode sandbox) {
        String key = "sandbox.network.allowedDomains";
        JsonNode list = sandbox.path("network").path("allowedDomains");
        if (list.isMissingNode() || list.isNull()) {
            return DomainAllowList.NONE;
        }
        if (!list.isArray()) {
            throw new ConfigurationException(
                    file + ": " + key + " must be an array of host names, such as [\"pypi.org\", \"*.github.com\"]");
        }
        List<String> hosts = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw new ConfigurationException(file + ": " + key + " must hold host names as strings, not " + item);
            }
            hosts.add(item.textValue());
        }
        try {
            return new DomainAllowList(hosts);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(file + ": " + key + ": " + e.getMessage()
                    + " (write a host name such as \"example.com\", or \"*.example.com\" for every host below it)");
        }
    }

    private static List<String> paths(Path file, JsonNode sandbox, String name) {
        JsonNode list = sandbox.path("filesystem").path(name);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new ConfigurationException(file + ": sandbox.filesystem." + name + " must be an array");
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()
                    || !(item.textValue().startsWith("/") || item.textValue().startsWith("~"))) {
                throw new ConfigurationException(
                        file + ": sandbox.filesystem." + name + " must hold absolute paths or paths under ~/");
            }
            paths.add(item.textValue());
        }
        return paths;
    }
}
