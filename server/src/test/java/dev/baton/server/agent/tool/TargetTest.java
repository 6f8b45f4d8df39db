package dev.baton.server.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetTest {
    @TempDir
    Path temp;

    @Test
    void aRelativePathInsideIsNamedRelativeToTheWorkingDirectory() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        Target target = Target.resolve("./src/../src/App.java", work);
        assertThat(target.inside()).isTrue();
        assertThat(target.subject()).isEqualTo("src/App.java");
        assertThat(target.path()).isEqualTo(work.toRealPath().resolve("src/App.java"));
        assertThat(Target.resolve(".", work).subject()).isEqualTo(".");
        assertThat(Target.resolve(work.resolve("a.txt").toString(), work).subject())
                .isEqualTo("a.txt");
    }

    @Test
    void dotDotOutOfTheWorkingDirectoryIsOutsideAndNamedAbsolutely() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        Target target = Target.resolve("../secret.txt", work);
        assertThat(target.inside()).isFalse();
        assertThat(target.subject())
                .isEqualTo(temp.toRealPath().resolve("secret.txt").toString());
    }

    @Test
    void aSymlinkLeadingOutIsOutsideEvenForFilesNotYetCreated() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(work.resolve("link"), outside);
        assertThat(Target.resolve("link/existing", work).inside()).isFalse();
        assertThat(Target.resolve("link/new/file.txt", work).subject())
                .isEqualTo(outside.toRealPath().resolve("new/file.txt").toString());
    }

    @Test
    void aDanglingSymlinkIsJudgedByWhereItPoints() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        Files.createSymbolicLink(work.resolve("dangling"), temp.resolve("nowhere/file.txt"));
        Target target = Target.resolve("dangling", work);
        assertThat(target.inside()).isFalse();
        assertThat(target.subject()).endsWith("nowhere/file.txt");
    }

    @Test
    void aSymlinkStayingInsideIsNamedByItsTarget() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        Files.createDirectories(work.resolve("real"));
        Files.createSymbolicLink(work.resolve("alias"), work.resolve("real"));
        Target target = Target.resolve("alias/x.txt", work);
        assertThat(target.inside()).isTrue();
        assertThat(target.subject()).isEqualTo("real/x.txt");
    }

    @Test
    void aSymlinkLoopIsRefusedNotFollowedForEver() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        Files.createSymbolicLink(work.resolve("a"), work.resolve("b"));
        Files.createSymbolicLink(work.resolve("b"), work.resolve("a"));
        assertThatThrownBy(() -> Target.resolve("a", work))
                .isInstanceOf(ToolInputException.class)
                .hasMessageContaining("symbolic links");
    }

    @Test
    void anEmptyPathIsRefused() {
        assertThatThrownBy(() -> Target.resolve(" ", temp)).isInstanceOf(ToolInputException.class);
    }
}
