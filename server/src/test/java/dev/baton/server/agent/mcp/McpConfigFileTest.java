package dev.baton.server.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpConfigFileTest {
    @TempDir
    Path project;

    private final List<String> notices = new ArrayList<>();

    @Test
    void aMissingFileMeansNoServersAndNoNotice() {
        assertThat(McpConfigFile.read(project, Map.of(), notices::add)).isEmpty();
        assertThat(notices).isEmpty();
    }

    @Test
    void readsStdioServersInFileOrder() {
        McpTestProject.write(
                project,
                """
                {"mcpServers": {
                  "github": {"command": "npx", "args": ["-y", "server-github"], "env": {"TOKEN": "t"}},
                  "files": {"type": "stdio", "command": "files-server"}
                }}
                """);

        assertThat(McpConfigFile.read(project, Map.of(), notices::add))
                .containsExactly(
                        new McpServerConfig("github", "npx", List.of("-y", "server-github"), Map.of("TOKEN", "t")),
                        new McpServerConfig("files", "files-server", List.of(), Map.of()));
        assertThat(notices).isEmpty();
    }

    @Test
    void malformedJsonIsOneNoticeNamingTheFile() {
        McpTestProject.write(project, "{\"mcpServers\": {");

        assertThat(McpConfigFile.read(project, Map.of(), notices::add)).isEmpty();
        assertThat(notices)
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(project.resolve(".mcp.json").toString())
                .contains("is not valid JSON");
    }

    @Test
    void aFileWithoutServersIsOneNotice() {
        McpTestProject.write(project, "{\"servers\": {}}");

        assertThat(McpConfigFile.read(project, Map.of(), notices::add)).isEmpty();
        assertThat(notices)
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("needs an \"mcpServers\" object");
    }

    @Test
    void entriesBatonCannotStartAreNoticedOneByOneAndTheRestStillCount() {
        McpTestProject.write(
                project,
                """
                {"mcpServers": {
                  "remote": {"type": "http", "url": "https://example.com/mcp"},
                  "legacy": {"url": "https://example.com/sse"},
                  "broken": {"command": "x", "args": "not a list"},
                  "local": {"command": "local-server"}
                }}
                """);

        assertThat(McpConfigFile.read(project, Map.of(), notices::add))
                .extracting(McpServerConfig::name)
                .containsExactly("local");
        assertThat(notices)
                .containsExactly(
                        "MCP server remote not started: the http transport is not supported yet; Baton starts"
                                + " stdio servers only (in " + project.resolve(".mcp.json") + ")",
                        "MCP server legacy not started: the URL transport is not supported yet; Baton starts"
                                + " stdio servers only (in " + project.resolve(".mcp.json") + ")",
                        "MCP server broken not started: \"args\" must be an array of strings (in "
                                + project.resolve(".mcp.json") + ")");
    }

    @Test
    void expandsEnvironmentVariablesLikeOtherAgents() {
        McpTestProject.write(
                project,
                """
                {"mcpServers": {
                  "github": {"command": "${TOOLS}/server", "args": ["--org", "${ORG:-acme}"],
                             "env": {"TOKEN": "${GITHUB_TOKEN}"}},
                  "needs-secret": {"command": "x", "env": {"KEY": "${MISSING_KEY}"}}
                }}
                """);

        List<McpServerConfig> configs =
                McpConfigFile.read(project, Map.of("TOOLS", "/opt/tools", "GITHUB_TOKEN", "ghp_$1\\x"), notices::add);

        assertThat(configs)
                .containsExactly(new McpServerConfig(
                        "github", "/opt/tools/server", List.of("--org", "acme"), Map.of("TOKEN", "ghp_$1\\x")));
        assertThat(notices)
                .containsExactly(
                        "MCP server needs-secret not started: ${MISSING_KEY} is not expanded: MISSING_KEY is not set, or not"
                                + " listed in \"mcp\": {\"allowEnv\": […]} in $BATON_HOME/config.json (in "
                                + project.resolve(".mcp.json") + ")");
    }
}
