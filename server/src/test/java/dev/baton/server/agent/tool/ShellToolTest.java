package dev.baton.server.agent.tool;

import static dev.baton.server.agent.tool.ToolTesting.context;
import static dev.baton.server.agent.tool.ToolTesting.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellToolTest {
    private final ShellTool shell = new ShellTool();

    @TempDir
    Path work;

    @Test
    void runsInTheWorkingDirectoryAndReportsOutputAndExitCode() throws Exception {
        Files.writeString(work.resolve("here.txt"), "");
        ToolOutcome outcome = shell.run(input("command", "ls; echo oops >&2"), context(work));
        assertThat(outcome).isEqualTo(new ToolOutcome(true, "here.txt\noops\n", 0));
    }

    @Test
    void aNonZeroExitIsAFailureThatSaysTheCode() throws Exception {
        ToolOutcome outcome = shell.run(input("command", "echo broken; exit 3"), context(work));
        assertThat(outcome).isEqualTo(new ToolOutcome(false, "broken\n[exit code 3]", 3));
        assertThat(shell.run(input("command", "exit 1"), context(work)).output())
                .isEqualTo("(no output)\n[exit code 1]");
    }

    @Test
    void alwaysNeedsPermissionWithTheCommandAsSubject() {
        assertThat(shell.access(input("command", "npm test"), context(work)))
                .isEqualTo(new Access.NeedsPermission("Run npm test", "npm test"));
        assertThat(shell.access(input("command", "make\nmake install"), context(work)))
                .isEqualTo(new Access.NeedsPermission("Run make …", "make\nmake install"));
    }

    @Test
    void aCancelStopsTheCommandPromptly() throws Exception {
        Cancellation cancellation = new Cancellation();
        Path started = work.resolve("started");
        CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
            try {
                shell.run(input("command", "touch started; sleep 30"), new ToolContext(work, cancellation));
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        awaitFile(started);
        long before = System.nanoTime();
        cancellation.cancel();
        assertThat(ended.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aCommandPastItsTimeLimitIsStoppedAndSaysSo() throws Exception {
        ToolOutcome outcome = shell.run(input("command", "echo begun; sleep 30", "timeout_seconds", 1), context(work));
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).startsWith("begun\n").contains("ran past its time limit of 1 s");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> shell.access(input("command", "  "), context(work)))
                .isInstanceOf(ToolInputException.class);
        assertThatThrownBy(() -> shell.access(input("command", "ls", "timeout_seconds", 601), context(work)))
                .isInstanceOf(ToolInputException.class)
                .hasMessageContaining("at most 600");
    }

    private static void awaitFile(Path file) {
        Await.until(file + " to appear", () -> Files.exists(file));
    }
}
