package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadToolTest {
    private final ReadTool read = new ReadTool();

    @TempDir
    Path work;

    @Test
    void showsNumberedLines() throws Exception {
        Files.writeString(work.resolve("a.txt"), "first\nsecond\n");
        ToolOutcome outcome = read.run(input("path", "a.txt"), context(work));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output()).isEqualTo("     1\tfirst\n     2\tsecond\n");
        assertThat(read.access(input("path", "a.txt"), context(work))).isEqualTo(new Access.Free());
    }

    @Test
    void pagesThroughALongFileSayingWhereToContinue() throws Exception {
        Files.writeString(work.resolve("long.txt"), lines(2500));
        ToolOutcome first = read.run(input("path", "long.txt"), context(work));
        assertThat(first.output())
                .startsWith("     1\tline 1\n")
                .contains("  2000\tline 2000\n")
                .doesNotContain("line 2001")
                .endsWith("[showing lines 1-2000 of 2500; continue with offset=2001]");

        ToolOutcome middle = read.run(input("path", "long.txt", "offset", 10, "limit", 2), context(work));
        assertThat(middle.output())
                .isEqualTo("    10\tline 10\n    11\tline 11\n[showing lines 10-11 of 2500; continue with offset=12]");

        ToolOutcome last = read.run(input("path", "long.txt", "offset", 2500), context(work));
        assertThat(last.output()).isEqualTo("  2500\tline 2500\n[showing lines 2500-2500 of 2500]");
    }

    @Test
    void refusesAnOffsetPastTheEnd() throws Exception {
        Files.writeString(work.resolve("a.txt"), "one\ntwo\n");
        ToolOutcome outcome = read.run(input("path", "a.txt", "offset", 5), context(work));
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).contains("offset 5 is past the end of a.txt (2 lines)");
    }

    @Test
    void cutsVeryLongLines() throws Exception {
        Files.writeString(work.resolve("wide.txt"), "x".repeat(ReadTool.LINE_LIMIT + 7));
        assertThat(read.run(input("path", "wide.txt"), context(work)).output())
                .contains("x".repeat(ReadTool.LINE_LIMIT) + "… [7 more characters]");
    }

    @Test
    void refusesBinaryFilesAndDirectoriesAndSaysWhy() throws Exception {
        Files.write(work.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        ToolOutcome binary = read.run(input("path", "image.png"), context(work));
        assertThat(binary.ok()).isFalse();
        assertThat(binary.output()).isEqualTo("image.png is a binary file (7 B); Read shows text files only.");

        Files.createDirectory(work.resolve("dir"));
        assertThat(read.run(input("path", "dir"), context(work)).output()).contains("is a directory; use List");
    }

    @Test
    void refusesAFifoInsteadOfBlockingOnIt() throws Exception {
        assertThat(new ProcessBuilder("mkfifo", work.resolve("pipe").toString())
                        .start()
                        .waitFor())
                .isZero();
        ToolOutcome outcome = read.run(input("path", "pipe"), context(work));
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).isEqualTo("pipe is not a regular file; Read shows text files only.");
    }

    @Test
    void aMissingFileIsAFailureTheModelHears() throws Exception {
        ToolOutcome outcome = read.run(input("path", "nope.txt"), context(work));
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).isEqualTo("File not found: nope.txt");
    }

    @Test
    void anEmptyFileSaysSo() throws Exception {
        Files.writeString(work.resolve("empty.txt"), "");
        assertThat(read.run(input("path", "empty.txt"), context(work)).output()).isEqualTo("(empty.txt is empty)");
    }

    @Test
    void readingOutsideTheWorkingDirectoryNeedsPermission(@TempDir Path elsewhere) throws Exception {
        Path project = Files.createDirectory(work.resolve("project"));
        Files.writeString(work.resolve("secret.txt"), "s");
        Files.createSymbolicLink(project.resolve("link.txt"), elsewhere.resolve("target.txt"));
        Files.writeString(elsewhere.resolve("target.txt"), "t");

        String secret = work.toRealPath().resolve("secret.txt").toString();
        assertThat(read.access(input("path", "../secret.txt"), context(project)))
                .isEqualTo(new Access.NeedsPermission("Read " + secret, secret));
        String target = elsewhere.toRealPath().resolve("target.txt").toString();
        assertThat(read.access(input("path", "link.txt"), context(project)))
                .isEqualTo(new Access.NeedsPermission("Read " + target, target));
    }

    @Test
    void inputThatDoesNotFitTheSchemaIsRefused() {
        assertThatThrownBy(() -> read.run(input(), context(work)))
                .isInstanceOf(ToolInputException.class)
                .hasMessage("missing required field \"path\"");
        assertThatThrownBy(() -> read.run(input("path", "a", "offset", 0), context(work)))
                .isInstanceOf(ToolInputException.class)
                .hasMessage("\"offset\" must be at least 1, got 0");
        assertThatThrownBy(() -> read.run(input("path", 3), context(work)))
                .isInstanceOf(ToolInputException.class)
                .hasMessage("\"path\" must be a string, got 3");
    }

    private static String lines(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }
}
