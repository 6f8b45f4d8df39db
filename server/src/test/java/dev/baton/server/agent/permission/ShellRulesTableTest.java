package dev.baton.server.agent.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.agent.config.ProjectSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Hostile command lines against one set of Shell rules, read from {@code permission/hostile-shell-lines.txt}. */
class ShellRulesTableTest {
    private static PermissionPolicy policy;

    @BeforeAll
    static void rules(@org.junit.jupiter.api.io.TempDir Path project) throws IOException {
        Files.createDirectories(project.resolve(".baton"));
        Files.writeString(
                project.resolve(".baton/settings.json"),
                """
                {"permissions": {
                  "deny": ["Shell(rm:*)", "Shell(curl:*)", "Shell(git push:*)"],
                  "allow": ["Shell(npm test:*)", "Shell(echo:*)", "Shell(ls:*)", "Shell(git status)",
                            "Shell(cat:*)", "Shell(grep:*)", "Shell(true)"]
                }}
                """);
        policy = PermissionPolicy.load(ProjectSettings.trusted(project), ManagedSettings.NONE);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvFileSource(
            resources = "/permission/hostile-shell-lines.txt",
            delimiterString = " ¦ ",
            quoteCharacter = '\u0001',
            ignoreLeadingAndTrailingWhitespace = false)
    void eachLineGetsItsVerdict(String line, String expected, String rule) {
        String command = line.replace("⏎", "\n");
        Optional<PermissionPolicy.Ruling> ruling = policy.ruling("Shell", command);
        String verdict = ruling.map(r -> r.verdict().name()).orElse("ASK");
        assertThat(verdict).as(command).isEqualTo(expected.strip());
        if (expected.strip().equals("DENY")) {
            assertThat(ruling.orElseThrow().rule()).hasToString(rule.strip());
        }
    }
}
