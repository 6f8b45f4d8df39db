package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrepToolTest {
    private final GrepTool grep = new GrepTool();

    @TempDir
    Path work;

    @Test
    void reportsMatchesAsPathLineText() throws Exception {
        write("src/App.java", "class App {\n  void run() {}\n}\n");
        write("src/util/Text.java", "// nothing\nvoid run2() {}\n");
        write("README.md", "run the app\n");

        ToolOutcome outcome = grep.run(input("pattern", "void run"), context(work));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output().lines())
                .containsExactlyInAnyOrder("src/App.java:2:  void run() {}", "src/util/Text.java:2:void run2() {}");
        assertThat(grep.access(input("pattern", "x"), context(work))).isEqualTo(new Access.Free());
    }

    @Test
    void filtersByGlobOnNamesOrOnPaths() throws Exception {
        write("src/App.java", "needle\n");
        write("src/App.kt", "needle\n");
        write("test/AppTest.java", "needle\n");

        assertThat(grep.run(input("pattern", "needle", "glob", "*.java"), context(work))
                        .output()
                        .lines())
                .containsExactlyInAnyOrder("src/App.java:1:needle", "test/AppTest.java:1:needle");
        assertThat(grep.run(input("pattern", "needle", "glob", "src/**"), context(work))
                        .output()
                        .lines())
                .containsExactlyInAnyOrder("src/App.java:1:needle", "src/App.kt:1:needle");
        assertThat(grep.run(input("pattern", "needle", "path", "test"), context(work))
                        .output())
                .isEqualTo("test/AppTest.java:1:needle\n");
        assertThat(grep.run(input("pattern", "needle", "path", "src/App.kt"), context(work))
                        .output())
                .isEqualTo("src/App.kt:1:needle\n");
    }

    @Test
    void skipsBinaryFilesAndGit() throws Exception {
        write(".git/config", "needle\n");
        Files.write(work.resolve("blob.bin"), new byte[] {'n', 'e', 'e', 'd', 'l', 'e', 0});
        write("a.txt", "needle\n");
        assertThat(grep.run(input("pattern", "needle"), context(work)).output()).isEqualTo("a.txt:1:needle\n");
    }

    @Test
    void noMatchesIsASuccessThatSaysSo() throws Exception {
        write("a.txt", "hay\n");
        ToolOutcome outcome = grep.run(input("pattern", "needle"), context(work));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output()).isEqualTo("No matches for needle");
    }

    @Test
    void caseInsensitiveWhenAsked() throws Exception {
        write("a.txt", "NeEdLe\n");
        assertThat(grep.run(input("pattern", "needle", "case_insensitive", true), context(work))
                        .output())
                .isEqualTo("a.txt:1:NeEdLe\n");
    }

    @Test
    void capsMatchesWithANoteAndCutsLongLines() throws Exception {
        write("many.txt", "hit\n".repeat(GrepTool.MAX_MATCHES) + "hit " + "x".repeat(GrepTool.LINE_LIMIT) + "\n");
        String output = grep.run(input("pattern", "hit"), context(work)).output();
        assertThat(output.lines()).hasSize(GrepTool.MAX_MATCHES + 1);
        assertThat(output).endsWith("[stopped at 200 matches; narrow the pattern, path or glob]\n");

        write("many.txt", "hit\n".repeat(GrepTool.MAX_MATCHES));
        assertThat(grep.run(input("pattern", "hit"), context(work)).output()).doesNotContain("stopped");

        write("wide.txt", "x".repeat(GrepTool.LINE_LIMIT + 5));
        assertThat(grep.run(input("pattern", "x", "path", "wide.txt"), context(work))
                        .output())
                .endsWith("… [5 more characters]\n");
    }

    @Test
    void searchingOutsideNeedsPermissionNamingWhatIsSought() throws Exception {
        Path project = Files.createDirectory(work.resolve("project"));
        String outside = work.toRealPath().toString();
        assertThat(grep.access(input("pattern", "TODO", "path", ".."), context(project)))
                .isEqualTo(new Access.NeedsPermission("Grep \"TODO\" in " + outside, outside));
    }

    @Test
    void aBadRegexIsBadInput() {
        assertThatThrownBy(() -> grep.access(input("pattern", "(unclosed"), context(work)))
                .isInstanceOf(ToolInputException.class)
                .hasMessageContaining("not a valid regular expression");
    }

    private void write(String path, String text) throws Exception {
        Files.createDirectories(work.resolve(path).getParent());
        Files.writeString(work.resolve(path), text);
    }
}
