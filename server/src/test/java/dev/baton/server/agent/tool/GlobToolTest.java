package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.agent.model.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobToolTest {
    private final GlobTool glob = new GlobTool();

    @TempDir
    Path work;

    @Test
    void findsMatchingFilesSortedRelativeToTheWorkingDirectory() throws Exception {
        create("src/b/B.java", "src/A.java", "src/a/notes.txt", "test/T.java", ".git/x/Y.java", "src/.git/Z.java");

        ToolOutcome outcome = glob.run(input("pattern", "src/**/*.java"), context(work));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output()).isEqualTo("src/A.java\nsrc/b/B.java\n");

        assertThat(glob.run(input("pattern", "**/*.java", "path", "src"), context(work))
                        .output())
                .isEqualTo("src/A.java\nsrc/b/B.java\n");
        assertThat(glob.access(input("pattern", "**"), context(work))).isEqualTo(new Access.Free());
    }

    @Test
    void saysSoWhenNothingMatches() throws Exception {
        create("a.txt");
        assertThat(glob.run(input("pattern", "*.java"), context(work)).output())
                .isEqualTo("No files match *.java in .");
    }

    @Test
    void capsTheResultsWithANote() throws Exception {
        for (int i = 0; i < GlobTool.MAX_RESULTS + 2; i++) {
            Files.createFile(work.resolve(String.format("f%04d.txt", i)));
        }
        String output = glob.run(input("pattern", "*.txt"), context(work)).output();
        assertThat(output.lines()).hasSize(GlobTool.MAX_RESULTS + 1).startsWith("f0000.txt");
        assertThat(output).endsWith("[2 more matches not shown; narrow the pattern]\n");
    }

    @Test
    void searchingOutsideNeedsPermissionAndBadPatternsAreRefused() throws Exception {
        Path project = Files.createDirectory(work.resolve("project"));
        String outside = work.toRealPath().toString();
        assertThat(glob.access(input("pattern", "*.txt", "path", ".."), context(project)))
                .isEqualTo(new Access.NeedsPermission("Glob *.txt in " + outside, outside));
        assertThatThrownBy(() -> glob.access(input("pattern", "/etc/*"), context(project)))
                .isInstanceOf(ToolInputException.class);
        assertThatThrownBy(() -> glob.access(input("pattern", "src/{a"), context(project)))
                .isInstanceOf(ToolInputException.class)
                .hasMessageContaining("{ without a }");
    }

    @Test
    void aCancelledCallStops() throws Exception {
        create("a.txt");
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> glob.run(input("pattern", "*"), new ToolContext(work, cancellation)))
                .isInstanceOf(InterruptedException.class);
    }

    private void create(String... paths) throws Exception {
        for (String path : paths) {
            Files.createDirectories(work.resolve(path).getParent());
            Files.writeString(work.resolve(path), "x");
        }
    }
}
