package dev.baton.server.agent.permission;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The administrator's rules for every session on the machine, from {@code
 * /etc/baton/managed-settings.json} ({@code BATON_MANAGED_SETTINGS} names another file, for tests and
 * unusual installs): {@code {"permissions": {"allow": [rules], "deny": [rules], "allowProjectRules":
 * false}}}. Their deny and allow rules beat the user's, the project's and the session's; {@code
 * allowProjectRules: false} makes projects' allow rules count for nothing even in trusted folders. A
 * missing file is no managed settings. The file belongs to the administrator, not to a project.
 *
 * @param projectAllowRules whether a trusted project's allow rules may count
 */
public record ManagedSettings(List<PermissionRule> allow, List<PermissionRule> deny, boolean projectAllowRules) {
    public static final String VARIABLE = "BATON_MANAGED_SETTINGS";
    public static final Path DEFAULT_FILE = Path.of("/etc/baton/managed-settings.json");
    public static final ManagedSettings NONE = new ManagedSettings(List.of(), List.of(), true);

    public ManagedSettings {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /**
     * Reads the managed settings named by {@code env} (else the default file).
     *
     * @throws PermissionSettingsException naming the file when it is not valid: sessions must not run
     *     without the rules an administrator set
     */
    public static ManagedSettings load(Map<String, String> env) {
        String named = env.get(VARIABLE);
        Path file = named == null || named.isBlank() ? DEFAULT_FILE : Path.of(named);
        JsonNode permissions = PermissionPolicy.read(file).path("permissions");
        if (!permissions.isMissingNode() && !permissions.isObject()) {
            throw PermissionPolicy.invalid(file, "\"permissions\" must be an object", null);
        }
        JsonNode projectRules = permissions.path("allowProjectRules");
        if (!projectRules.isMissingNode() && !projectRules.isBoolean()) {
            throw PermissionPolicy.invalid(file, "\"permissions.allowProjectRules\" must be true or false", null);
        }
        return new ManagedSettings(
                PermissionPolicy.rules(file, permissions, "allow"),
                PermissionPolicy.rules(file, permissions, "deny"),
                projectRules.asBoolean(true));
    }
}
