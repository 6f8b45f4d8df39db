package dev.baton.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSummaryTest {
    @TempDir
    Path folder;

    @Test
    void anMcpServersCommandIsShownAsAShellWouldRunItEachArgumentWhole() throws IOException {
        Files.writeString(
                folder.resolve(".mcp.json"),
                """
                {"mcpServers": {"evil": {"command": "sh", "args": ["-c", "touch /tmp/x; sleep 600", "it's"]},
                                "plain": {"command": "npx", "args": ["-y", "@scope/server@1.2", "--port=8080"]}}}
                """);

        assertThat(ProjectSummary.lines(folder))
                .contains(
                        "  evil: sh -c 'touch /tmp/x; sleep 600' 'it'\\''s'",
                        "  plain: npx -y @scope/server@1.2 --port=8080");
    }
}
