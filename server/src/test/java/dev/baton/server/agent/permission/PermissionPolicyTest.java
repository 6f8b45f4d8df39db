package dev.baton.server.agent.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.config.ProjectSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionPolicyTest {
    @TempDir
    Path project;

    @Test
    void noFileMeansNoRules() {
        PermissionPolicy policy = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);
        assertThat(policy.verdict("Shell", "ls")).isEmpty();
        assertThat(policy.verdict("Read", "a.txt")).isEmpty();
    }

    @Test
    void rulesFromTheProjectFileDecideAndDenyBeatsAllow() throws Exception {
        settings(
                """
                {"permissions": {
                  "allow": ["Shell(npm test:*)", "Edit(src/**)"],
                  "deny": ["Edit(src/secrets/**)"]
                }}""");
        PermissionPolicy policy = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);
        assertThat(policy.verdict("Shell", "npm test --coverage")).contains(Verdict.ALLOW);
        assertThat(policy.verdict("Edit", "src/App.java")).contains(Verdict.ALLOW);
        assertThat(policy.verdict("Edit", "src/secrets/key.txt")).contains(Verdict.DENY);
        assertThat(policy.verdict("Edit", "README.md")).isEmpty();
        assertThat(policy.verdict("Shell", "npm publish")).isEmpty();
    }

    @Test
    void aSessionAllowIsRememberedUntilTheSessionEndsButNeverBeatsADeny() throws Exception {
        settings("{\"permissions\": {\"deny\": [\"Shell(rm:*)\"]}}");
        PermissionPolicy policy = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);
        policy.allowForSession(PermissionRule.parse("Shell"));
        assertThat(policy.verdict("Shell", "ls")).contains(Verdict.ALLOW);
        assertThat(policy.verdict("Shell", "rm -rf build")).contains(Verdict.DENY);
        assertThat(PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE)
                        .verdict("Shell", "ls"))
                .isEmpty();
    }

    @Test
    void badFilesAreRefusedNamingTheFileAndTheProblem() throws Exception {
        Path file = project.resolve(".baton/settings.json");
        settings("{\"permissions\": {\"allow\": [");
        assertThatThrownBy(() -> PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE))
                .isInstanceOf(PermissionSettingsException.class)
                .hasMessageStartingWith(file + ": is not valid JSON");
        settings("{\"permissions\": {\"allow\": [\"Shell(ls\"]}}");
        assertThatThrownBy(() -> PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE))
                .hasMessageStartingWith(file + ": permissions.allow[0]: not a permission rule: \"Shell(ls\"");
        settings("{\"permissions\": {\"deny\": [\"Read\", 3]}}");
        assertThatThrownBy(() -> PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE))
                .hasMessageStartingWith(file + ": permissions.deny[1] must be a string");
        settings("{\"permissions\": {\"allow\": \"Read\"}}");
        assertThatThrownBy(() -> PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE))
                .hasMessageContaining("must be an array");
        settings("[]");
        assertThatThrownBy(() -> PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE))
                .hasMessageContaining("must hold a JSON object");
    }

    @Test
    void allowInProjectKeepsTheFilesOtherContentAndSurvivesAReload() throws Exception {
        settings(
                """
                {"model": {"provider": "anthropic", "name": "claude"},
                 "permissions": {"allow": ["Read"], "deny": ["Shell(rm:*)"], "note": "kept"}}""");
        PermissionPolicy policy = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);

        policy.allowInProject(PermissionRule.parse("Shell(npm test:*)"));
        policy.allowInProject(PermissionRule.parse("Shell(npm test:*)"));

        assertThat(policy.verdict("Shell", "npm test")).contains(Verdict.ALLOW);
        String text = Files.readString(project.resolve(".baton/settings.json"));
        assertThat(text).contains("\n  \"model\"");
        JsonNode saved = Json.MAPPER.readTree(text);
        assertThat(saved.path("model").path("name").asText()).isEqualTo("claude");
        assertThat(saved.path("permissions").path("note").asText()).isEqualTo("kept");
        assertThat(saved.path("permissions").path("allow").toString()).isEqualTo("[\"Read\",\"Shell(npm test:*)\"]");
        assertThat(saved.path("permissions").path("deny").toString()).isEqualTo("[\"Shell(rm:*)\"]");

        PermissionPolicy reloaded = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);
        assertThat(reloaded.verdict("Shell", "npm test -- -u")).contains(Verdict.ALLOW);
        assertThat(reloaded.verdict("Shell", "rm x")).contains(Verdict.DENY);
        try (Stream<Path> files = Files.list(project.resolve(".baton"))) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("settings.json");
        }
    }

    @Test
    void allowInProjectCreatesTheFileWhenThereIsNone() throws Exception {
        PermissionPolicy policy = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);
        policy.allowInProject(PermissionRule.parse("Edit(src/App.java)"));
        assertThat(Json.MAPPER.readTree(project.resolve(".baton/settings.json").toFile()))
                .isEqualTo(Json.MAPPER.readTree("{\"permissions\": {\"allow\": [\"Edit(src/App.java)\"]}}"));
    }

    @Test
    void allowInProjectLeavesAFileBrokenSinceLoadingAsItIs() throws Exception {
        PermissionPolicy policy = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);
        settings("{ broken");
        assertThatThrownBy(() -> policy.allowInProject(PermissionRule.parse("Read")))
                .isInstanceOf(PermissionSettingsException.class)
                .hasMessageContaining("settings.json");
        assertThat(project.resolve(".baton/settings.json")).hasContent("{ broken");
    }

    @Test
    void alwaysRulesAreNoBroaderThanTheCallThatWasAllowed() {
        PermissionRule shell = PermissionPolicy.alwaysRuleFor("Shell", "npm test -- -u");
        assertThat(shell).hasToString("Shell(npm test -- -u)");
        assertThat(shell.matches("Shell", "npm test -- -u")).isTrue();
        assertThat(shell.matches("Shell", "npm test")).isFalse();

        PermissionRule edit = PermissionPolicy.alwaysRuleFor("Edit", "src/[id]/*.ts");
        assertThat(edit.matches("Edit", "src/[id]/*.ts")).isTrue();
        assertThat(edit.matches("Edit", "src/i/a.ts")).isFalse();
        assertThat(PermissionRule.parse(edit.toString())).isEqualTo(edit);

        assertThat(PermissionPolicy.alwaysRuleFor("mcp__github__create_issue", ""))
                .isEqualTo(new PermissionRule("mcp__github__create_issue", null));
        assertThat(PermissionPolicy.alwaysRuleFor("mcp__github__create_issue", "x"))
                .isEqualTo(new PermissionRule("mcp__github__create_issue", null));
        assertThat(PermissionPolicy.alwaysRuleFor("Read", "/etc/hosts"))
                .isEqualTo(new PermissionRule("Read", "/etc/hosts"));
    }

    private void settings(String json) throws Exception {
        Files.createDirectories(project.resolve(".baton"));
        Files.writeString(project.resolve(".baton/settings.json"), json);
    }
}
