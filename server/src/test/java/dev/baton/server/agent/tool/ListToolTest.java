package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListToolTest {
    private final ListTool list = new ListTool();

    @TempDir
    Path work;

    @Test
    void listsOneDirectorySortedWithKinds() throws Exception {
        Files.createDirectory(work.resolve("src"));
        Files.writeString(work.resolve("b.txt"), "hello");
        Files.writeString(work.resolve("a.txt"), "");
        Files.createSymbolicLink(work.resolve("c"), Path.of("a.txt"));
        Files.writeString(work.resolve("src/deep.txt"), "not listed");

        ToolOutcome outcome = list.run(input(), context(work));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output()).isEqualTo("a.txt  (0 B)\nb.txt  (5 B)\nc -> a.txt\nsrc/\n");
        assertThat(list.run(input("path", "src"), context(work)).output()).isEqualTo("deep.txt  (10 B)\n");
        assertThat(list.access(input(), context(work))).isEqualTo(new Access.Free());
    }

    @Test
    void capsTheListingWithANote() throws Exception {
        for (int i = 0; i < ListTool.MAX_ENTRIES + 3; i++) {
            Files.createFile(work.resolve(String.format("f%04d", i)));
        }
        String output = list.run(input(), context(work)).output();
        assertThat(output.lines()).hasSize(ListTool.MAX_ENTRIES + 1);
        assertThat(output).endsWith("[3 more entries not shown]\n");
    }

    @Test
    void refusesWhatIsNotADirectory() throws Exception {
        Files.writeString(work.resolve("a.txt"), "");
        assertThat(list.run(input("path", "a.txt"), context(work)).output()).contains("is a file, not a directory");
        ToolOutcome missing = list.run(input("path", "nope"), context(work));
        assertThat(missing.ok()).isFalse();
        assertThat(missing.output()).isEqualTo("Directory not found: nope");
    }

    @Test
    void listingOutsideNeedsPermission() throws Exception {
        Path project = Files.createDirectory(work.resolve("project"));
        assertThat(list.access(input("path", ".."), context(project)))
                .isEqualTo(new Access.NeedsPermission(
                        "List " + work.toRealPath(), work.toRealPath().toString()));
    }
}
