package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real symlinks from a project into a stand-in home with a private key. */
class SymlinkEscapeTest {
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----";

    @TempDir
    Path temp;

    private Path project;
    private Path home;
    private Path key;

    @BeforeEach
    void layOut() throws Exception {
        project = Files.createDirectories(temp.resolve("project"));
        home = Files.createDirectories(temp.resolve("home"));
        key = Files.writeString(Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519"), KEY + "\n");
    }

    @Test
    void readingALinkToAKeyOutsideAsksNamingTheKey() throws Exception {
        Files.createSymbolicLink(project.resolve("notes.txt"), key);
        Access access = new ReadTool().access(input("path", "notes.txt"), context(project));
        assertThat(access).isInstanceOf(Access.NeedsPermission.class);
        assertThat(((Access.NeedsPermission) access).ruleSubject())
                .isEqualTo(key.toRealPath().toString());
    }

    @Test
    void aFileSwappedForALinkAfterTheCheckIsNotRead() throws Exception {
        Files.writeString(project.resolve("a.txt"), "harmless\n");
        ToolContext call = context(project);
        ReadTool read = new ReadTool();
        assertThat(read.access(input("path", "a.txt"), call)).isEqualTo(new Access.Free());

        Files.delete(project.resolve("a.txt"));
        Files.createSymbolicLink(project.resolve("a.txt"), key);
        ToolOutcome outcome = read.run(input("path", "a.txt"), call);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).doesNotContain(KEY).contains("symbolic link");
    }

    @Test
    void aDirectorySwappedForALinkWhileAPersonDecidesIsNotWrittenThrough() throws Exception {
        Files.createDirectories(project.resolve("src"));
        Path victim =
                Files.writeString(Files.createDirectories(home.resolve("src")).resolve("a.txt"), "mine\n");
        ToolContext call = context(project);
        WriteTool write = new WriteTool();
        assertThat(((Access.NeedsPermission) write.access(input("path", "src/a.txt", "content", "x"), call))
                        .ruleSubject())
                .isEqualTo("src/a.txt");

        Files.delete(project.resolve("src"));
        Files.createSymbolicLink(project.resolve("src"), home.resolve("src"));
        ToolOutcome outcome = write.run(input("path", "src/a.txt", "content", "x"), call);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).contains("symbolic link");
        assertThat(victim).hasContent("mine");
    }

    @Test
    void anEditedFileSwappedForALinkIsLeftAlone() throws Exception {
        Files.writeString(project.resolve("b.txt"), "old\n");
        Path victim = Files.writeString(home.resolve("b.txt"), "old\n");
        ToolContext call = context(project);
        EditTool edit = new EditTool();
        var editInput = input("path", "b.txt", "old_string", "old", "new_string", "new");
        edit.access(editInput, call);

        Files.delete(project.resolve("b.txt"));
        Files.createSymbolicLink(project.resolve("b.txt"), victim);

        assertThat(edit.run(editInput, call).ok()).isFalse();
        assertThat(victim).hasContent("old");
    }

    @Test
    void writingThroughALinkThatLeavesTheProjectAsksForTheRealPath() throws Exception {
        Files.createSymbolicLink(project.resolve("rc"), home.resolve(".bashrc"));
        Access access = new WriteTool().access(input("path", "rc", "content", "evil"), context(project));
        assertThat(((Access.NeedsPermission) access).ruleSubject())
                .isEqualTo(home.toRealPath().resolve(".bashrc").toString());
    }

    @Test
    void searchesDoNotDescendIntoALinkedDirectoryOutside() throws Exception {
        Files.writeString(project.resolve("inside.txt"), "PRIVATE KEY inside\n");
        Files.createSymbolicLink(project.resolve("keys"), home.resolve(".ssh"));

        ToolOutcome grep = new GrepTool().run(input("pattern", "PRIVATE KEY"), context(project));
        assertThat(grep.output())
                .contains("inside.txt")
                .doesNotContain("id_ed25519")
                .doesNotContain("BEGIN");

        ToolOutcome glob = new GlobTool().run(input("pattern", "**"), context(project));
        assertThat(glob.output()).contains("inside.txt").doesNotContain("id_ed25519");

        ToolOutcome list = new ListTool().run(input(), context(project));
        assertThat(list.output()).contains("keys -> " + home.resolve(".ssh"));
        assertThat(new ListTool().access(input("path", "keys"), context(project)))
                .isInstanceOf(Access.NeedsPermission.class);
        assertThat(new GrepTool().access(input("pattern", "x", "path", "keys"), context(project)))
                .isInstanceOf(Access.NeedsPermission.class);
    }
}
