package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditToolTest {
    private static final String SOURCE = "int a = 1;\nint b = 1;\nint c = 2;\n";

    private final EditTool edit = new EditTool();

    @TempDir
    Path work;

    private Path file;

    @BeforeEach
    void writeSource() throws Exception {
        file = Files.createDirectories(work.resolve("src")).resolve("App.java");
        Files.writeString(file, SOURCE);
    }

    @Test
    void replacesTheOneExactOccurrence() throws Exception {
        ToolOutcome outcome = edit.run(edit("int c = 2;", "int c = 3;"), context(work));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output()).isEqualTo("Edited src/App.java: replaced 1 occurrence");
        assertThat(Files.readString(file)).isEqualTo("int a = 1;\nint b = 1;\nint c = 3;\n");
    }

    @Test
    void refusesAnAmbiguousMatchSayingHowManyAndChangesNothing() throws Exception {
        ToolOutcome outcome = edit.run(edit(" = 1;", " = 9;"), context(work));
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).startsWith("old_string occurs 2 times in src/App.java; nothing changed.");
        assertThat(Files.readString(file)).isEqualTo(SOURCE);
    }

    @Test
    void replaceAllReplacesEveryOccurrence() throws Exception {
        ToolOutcome outcome = edit.run(edit(" = 1;", " = 9;").put("replace_all", true), context(work));
        assertThat(outcome.output()).isEqualTo("Edited src/App.java: replaced 2 occurrences");
        assertThat(Files.readString(file)).isEqualTo("int a = 9;\nint b = 9;\nint c = 2;\n");
    }

    @Test
    void refusesTextThatIsNotThere() throws Exception {
        ToolOutcome outcome = edit.run(edit("int  a = 1;", "x"), context(work));
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).startsWith("old_string was not found in src/App.java; nothing changed.");
        assertThat(Files.readString(file)).isEqualTo(SOURCE);
    }

    @Test
    void replacementTextIsTakenLiterally() throws Exception {
        edit.run(edit("int a = 1;", "String s = \"$1 \\\\ .*\";"), context(work));
        assertThat(Files.readString(file)).startsWith("String s = \"$1 \\\\ .*\";\n");
    }

    @Test
    void aMissingFileOrABinaryOneIsRefused() throws Exception {
        ToolOutcome missing = edit.run(input("path", "nope.txt", "old_string", "a", "new_string", "b"), context(work));
        assertThat(missing.ok()).isFalse();
        assertThat(missing.output()).isEqualTo("File not found: nope.txt (use Write to create it).");

        Files.write(work.resolve("blob.bin"), new byte[] {'a', 0, 'b'});
        ToolOutcome binary = edit.run(input("path", "blob.bin", "old_string", "a", "new_string", "b"), context(work));
        assertThat(binary.output()).contains("binary file");

        Files.write(work.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        ToolOutcome latin1 =
                edit.run(input("path", "latin1.txt", "old_string", "caf", "new_string", "x"), context(work));
        assertThat(latin1.output()).contains("is not UTF-8 text");
        assertThat(Files.readAllBytes(work.resolve("latin1.txt"))).containsExactly('c', 'a', 'f', (byte) 0xE9);
    }

    @Test
    void emptyOrUnchangedOldStringIsBadInput() {
        assertThatThrownBy(() -> edit.run(edit("", "x"), context(work)))
                .isInstanceOf(ToolInputException.class)
                .hasMessageContaining("old_string is empty");
        assertThatThrownBy(() -> edit.run(edit("a", "a"), context(work)))
                .isInstanceOf(ToolInputException.class)
                .hasMessageContaining("the same");
    }

    @Test
    void alwaysNeedsPermissionWithAOneLineSummary() {
        assertThat(edit.access(edit("a", "b"), context(work)))
                .isEqualTo(new Access.NeedsPermission("Edit src/App.java (replace 1 occurrence)", "src/App.java"));
        assertThat(edit.access(edit("a", "b").put("replace_all", true), context(work)))
                .isEqualTo(new Access.NeedsPermission("Edit src/App.java (replace all occurrences)", "src/App.java"));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode edit(String oldString, String newString) {
        return input("path", "src/App.java", "old_string", oldString, "new_string", newString);
    }
}
