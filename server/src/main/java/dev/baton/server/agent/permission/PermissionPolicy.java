package dev.baton.server.agent.permission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.relay.store.PrivateFiles;
import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.tool.PathGlob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The allow and deny rules of one session, from three layers: the administrator's {@link
 * ManagedSettings} (their deny, then their allow rules, beat everything), the project's {@code
 * .baton/settings.json} ({@code {"permissions": {"allow": [rules], "deny": [rules]}}}), and what
 * people chose to "Always allow" during the session. Within the project and session layers a deny
 * rule beats any allow rule. A project's allow rules widen what runs unasked, so they count only when
 * the folder is trusted and the managed settings do not forbid them; its deny rules only narrow, so
 * they always count. Thread-safe.
 */
public final class PermissionPolicy {
    private final Path settingsFile;
    private final ManagedSettings managed;
    private final CopyOnWriteArrayList<PermissionRule> allow;
    private final List<PermissionRule> deny;

    private PermissionPolicy(
            Path settingsFile, ManagedSettings managed, List<PermissionRule> allow, List<PermissionRule> deny) {
        this.settingsFile = settingsFile;
        this.managed = managed;
        this.allow = new CopyOnWriteArrayList<>(allow);
        this.deny = List.copyOf(deny);
    }

    /**
     * Reads the project's rules (its allow rules only when {@code project} is trusted and {@code managed}
     * allows them); a missing file means no rules.
     *
     * @throws PermissionSettingsException naming the file when it is not valid JSON or holds a bad rule
     */
    public static PermissionPolicy load(ProjectSettings project, ManagedSettings managed) {
        Path file = project.settingsFile();
        JsonNode permissions = read(file).path("permissions");
        if (!permissions.isMissingNode() && !permissions.isObject()) {
            throw invalid(file, "\"permissions\" must be an object", null);
        }
        List<PermissionRule> allowed = rules(file, permissions, "allow");
        boolean widening = project.trusted() && managed.projectAllowRules();
        return new PermissionPolicy(file, managed, widening ? allowed : List.of(), rules(file, permissions, "deny"));
    }

    /** What the rules say about a call of {@code tool} on {@code subject}; empty when a person must decide. */
    public Optional<Verdict> verdict(String tool, String subject) {
        return ruling(tool, subject).map(Ruling::verdict);
    }

    /** Like {@link #verdict}, naming the rule that decided. */
    public Optional<Ruling> ruling(String tool, String subject) {
        return ruling(managed.deny(), managed.allow(), tool, subject).or(() -> ruling(deny, allow, tool, subject));
    }

    /** One layer's decision: any deny rule that matches, else an allow rule that does. */
    private static Optional<Ruling> ruling(
            List<PermissionRule> deny, List<PermissionRule> allow, String tool, String subject) {
        if (PermissionRule.SHELL.equals(tool) && subject != null) {
            Optional<PermissionRule> denied = ShellVerdicts.denying(shellRules(deny), subject);
            if (denied.isPresent()) {
                return Optional.of(new Ruling(Verdict.DENY, denied.get()));
            }
            return ShellVerdicts.allowing(shellRules(allow), subject).map(rule -> new Ruling(Verdict.ALLOW, rule));
        }
        Optional<PermissionRule> denied =
                deny.stream().filter(rule -> rule.matches(tool, subject)).findFirst();
        if (denied.isPresent()) {
            return Optional.of(new Ruling(Verdict.DENY, denied.get()));
        }
        return allow.stream()
                .filter(rule -> rule.matches(tool, subject))
                .findFirst()
                .map(rule -> new Ruling(Verdict.ALLOW, rule));
    }

    /** A decision of the rules and the rule that made it. */
    public record Ruling(Verdict verdict, PermissionRule rule) {}

    private static List<PermissionRule> shellRules(List<PermissionRule> rules) {
        return rules.stream()
                .filter(rule -> PermissionRule.SHELL.equals(rule.tool()))
                .toList();
    }

    /** Allows calls matching {@code rule} until the session ends. */
    public void allowForSession(PermissionRule rule) {
        allow.addIfAbsent(rule);
    }

    /**
     * Allows calls matching {@code rule} now and in later sessions: adds it to the project's
     * {@code permissions.allow} (once), keeping everything else in the file, and replaces the file
     * atomically so a crash leaves either the old file or the new one.
     *
     * @throws IOException when the file cannot be written
     * @throws PermissionSettingsException when the file has become unreadable since it was loaded; it is
     *     left as it is rather than overwritten
     */
    public void allowInProject(PermissionRule rule) throws IOException {
        synchronized (this) {
            ObjectNode settings = read(settingsFile);
            JsonNode permissions = settings.path("permissions");
            if (!permissions.isMissingNode() && !permissions.isObject()) {
                throw invalid(settingsFile, "\"permissions\" must be an object", null);
            }
            ObjectNode permissionsObject = settings.withObjectProperty("permissions");
            JsonNode allowed = permissionsObject.path("allow");
            if (!allowed.isMissingNode() && !allowed.isArray()) {
                throw invalid(settingsFile, "\"permissions.allow\" must be an array of rules", null);
            }
            ArrayNode allowArray = permissionsObject.withArrayProperty("allow");
            boolean present = false;
            for (JsonNode existing : allowArray) {
                present |= existing.isTextual() && existing.textValue().equals(rule.toString());
            }
            if (!present) {
                allowArray.add(rule.toString());
                write(settingsFile, settings);
            }
        }
        allowForSession(rule);
    }

    /**
     * The rule an "Always allow" answer remembers for this call: the exact command for Shell (a prefix
     * would allow far more than the person saw), the exact path for file tools, and the bare tool name
     * for anything else (an MCP tool has no subject).
     */
    public static PermissionRule alwaysRuleFor(String tool, String subject) {
        if (subject == null || subject.isEmpty()) {
            return new PermissionRule(tool, null);
        }
        if (PermissionRule.SHELL.equals(tool)) {
            return new PermissionRule(tool, subject.strip());
        }
        if (PermissionRule.FILE_TOOLS.contains(tool)) {
            return new PermissionRule(tool, PathGlob.escape(subject));
        }
        return new PermissionRule(tool, null);
    }

    static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(
                    file,
                    "is not valid JSON: " + e.getOriginalMessage() + " (line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    e);
        }
        if (root == null || root.isMissingNode()) {
            return Json.MAPPER.createObjectNode(); // an empty file holds no settings
        }
        if (!(root instanceof ObjectNode object)) {
            throw invalid(file, "must hold a JSON object", null);
        }
        return object;
    }

    static List<PermissionRule> rules(Path file, JsonNode permissions, String kind) {
        JsonNode texts = permissions.path(kind);
        if (texts.isMissingNode() || texts.isNull()) {
            return List.of();
        }
        if (!texts.isArray()) {
            throw invalid(file, "\"permissions." + kind + "\" must be an array of rules", null);
        }
        List<PermissionRule> rules = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            JsonNode text = texts.get(i);
            if (!text.isTextual()) {
                throw invalid(
                        file, "permissions." + kind + "[" + i + "] must be a string like \"Shell(npm test:*)\"", null);
            }
            try {
                rules.add(PermissionRule.parse(text.textValue()));
            } catch (IllegalArgumentException e) {
                throw invalid(file, "permissions." + kind + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return rules;
    }

    private static void write(Path file, ObjectNode settings) throws IOException {
        Files.createDirectories(file.getParent());
        PrivateFiles.replace(
                file,
                (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(settings) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    static PermissionSettingsException invalid(Path file, String why, Throwable cause) {
        return new PermissionSettingsException(file + ": " + why, cause);
    }
}
