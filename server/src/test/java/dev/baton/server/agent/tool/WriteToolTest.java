package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteToolTest {
    private final WriteTool write = new WriteTool();

    @TempDir
    Path work;

    @Test
    void createsTheFileAndItsParentDirectories() throws Exception {
        ToolOutcome outcome = write.run(input("path", "src/main/App.java", "content", "class App {}\n"), context(work));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output()).isEqualTo("Created src/main/App.java (13 B, 1 line)");
        assertThat(work.resolve("src/main/App.java")).hasContent("class App {}");
    }

    @Test
    void replacesAnExistingFileWhole() throws Exception {
        Files.writeString(work.resolve("a.txt"), "old content that is longer");
        ToolOutcome outcome = write.run(input("path", "a.txt", "content", "new\nlines"), context(work));
        assertThat(outcome.output()).isEqualTo("Replaced a.txt (9 B, 2 lines)");
        assertThat(Files.readString(work.resolve("a.txt"))).isEqualTo("new\nlines");
    }

    @Test
    void alwaysNeedsPermissionWithTheSizeInTheSummary() {
        assertThat(write.access(input("path", "./docs/x.md", "content", "é".repeat(1000)), context(work)))
                .isEqualTo(new Access.NeedsPermission("Write docs/x.md (2.0 KB)", "docs/x.md"));
    }

    @Test
    void refusesToWriteOverADirectory() throws Exception {
        Files.createDirectory(work.resolve("dir"));
        ToolOutcome outcome = write.run(input("path", "dir", "content", "x"), context(work));
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).contains("dir is a directory");
    }
}
