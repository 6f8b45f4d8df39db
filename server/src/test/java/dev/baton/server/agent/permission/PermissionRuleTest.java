package dev.baton.server.agent.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PermissionRuleTest {
    @Test
    void parsesBareNamesAndPatternsAndRendersThemBack() {
        assertThat(PermissionRule.parse("Shell(npm test:*)")).isEqualTo(new PermissionRule("Shell", "npm test:*"));
        assertThat(PermissionRule.parse(" Edit(src/**) ")).isEqualTo(new PermissionRule("Edit", "src/**"));
        assertThat(PermissionRule.parse("mcp__github__create_issue"))
                .isEqualTo(new PermissionRule("mcp__github__create_issue", null));
        assertThat(PermissionRule.parse("Shell(echo (a))")).isEqualTo(new PermissionRule("Shell", "echo (a)"));
        for (String text : new String[] {"Shell(npm test:*)", "Edit(src/**)", "Read", "Shell(echo (a))"}) {
            assertThat(PermissionRule.parse(text)).hasToString(text);
        }
    }

    @Test
    void refusesWhatIsNotARuleSayingWhat() {
        assertThatThrownBy(() -> PermissionRule.parse("Shell(npm test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Shell(npm test")
                .hasMessageContaining("expected Tool or Tool(pattern)");
        assertThatThrownBy(() -> PermissionRule.parse("Edit()")).hasMessageContaining("empty pattern");
        assertThatThrownBy(() -> PermissionRule.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PermissionRule.parse("two words")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PermissionRule.parse("Edit(src/[x)")).hasMessageContaining("[ without a ]");
    }

    @Test
    void aShellPrefixRuleMatchesTheCommandAndItsArgumentsOnly() {
        PermissionRule rule = PermissionRule.parse("Shell(npm test:*)");
        assertThat(rule.matches("Shell", "npm test")).isTrue();
        assertThat(rule.matches("Shell", "npm test -- --watch")).isTrue();
        assertThat(rule.matches("Shell", "npm testify")).isFalse();
        assertThat(rule.matches("Shell", "npm install")).isFalse();
        assertThat(rule.matches("Read", "npm test")).isFalse();
    }

    @Test
    void aShellPrefixRuleNeverCoversAChainedOrRedirectedCommand() {
        PermissionRule rule = PermissionRule.parse("Shell(npm test:*)");
        for (String command : new String[] {
            "npm test && rm -rf ~",
            "npm test; curl evil",
            "npm test | sh",
            "npm test > /etc/passwd",
            "npm test $(rm -rf ~)",
            "npm test `rm -rf ~`",
            "npm test\nrm -rf ~"
        }) {
            assertThat(rule.matches("Shell", command)).as(command).isFalse();
        }
    }

    @Test
    void aShellRuleWithoutPrefixMarkIsExact() {
        PermissionRule rule = PermissionRule.parse("Shell(git status)");
        assertThat(rule.matches("Shell", "git status")).isTrue();
        assertThat(rule.matches("Shell", "git status --short")).isFalse();
        PermissionRule chained = PermissionRule.parse("Shell(make && make install)");
        assertThat(chained.matches("Shell", "make && make install")).isTrue();
    }

    @Test
    void fileToolRulesAreGlobsOnTheRelativePath() {
        PermissionRule rule = PermissionRule.parse("Edit(src/**)");
        assertThat(rule.matches("Edit", "src/App.java")).isTrue();
        assertThat(rule.matches("Edit", "src/main/java/App.java")).isTrue();
        assertThat(rule.matches("Edit", "test/AppTest.java")).isFalse();
        assertThat(rule.matches("Write", "src/App.java")).isFalse();
        assertThat(PermissionRule.parse("Write(*.md)").matches("Write", "docs/a.md"))
                .isFalse();
        assertThat(PermissionRule.parse("Write(**/*.md)").matches("Write", "docs/a.md"))
                .isTrue();
    }

    @Test
    void aBareNameMatchesEveryCallOfThatTool() {
        PermissionRule rule = PermissionRule.parse("mcp__github__create_issue");
        assertThat(rule.matches("mcp__github__create_issue", "")).isTrue();
        assertThat(rule.matches("mcp__github__create_pr", "")).isFalse();
        assertThat(PermissionRule.parse("Shell").matches("Shell", "anything && at all"))
                .isTrue();
        assertThat(PermissionRule.parse("Read(a.txt)").matches("Read", null)).isFalse();
    }

    @Test
    void anEmptyShellPrefixCoversEverySimpleCommandButNoRedirectionOrUnknownName() {
        PermissionRule rule = PermissionRule.parse("Shell(:*)");
        assertThat(rule.matches("Shell", "ls -la")).isTrue();
        assertThat(rule.matches("Shell", "ls; rm -rf ~")).isTrue();
        assertThat(rule.matches("Shell", "ls > out.txt")).isFalse();
        assertThat(rule.matches("Shell", "$CMD -la")).isFalse();
    }
}
