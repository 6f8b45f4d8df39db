package dev.baton.server.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.cli.BatonCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baton} with standard input and output as pipes: plain lines in, plain lines out, a real process. */
class InteractiveSessionPlainTest {
    @TempDir
    Path dir;

    @Test
    void linesFromStandardInputAreSentAndAnsweredBeforeItExitsZero() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BatonCli.class.getName()))
                .directory(project.toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment()
                .keySet()
                .removeIf(name ->
                        name.startsWith("BATON_") || name.startsWith("ANTHROPIC_") || name.startsWith("OPENAI_"));
        builder.environment().put("BATON_HOME", dir.resolve("home").toString());
        Process baton = builder.start();
        baton.getOutputStream().write("!echo piped-in\n/nonsense\n".getBytes(StandardCharsets.UTF_8));
        baton.getOutputStream().close();

        String out = new String(baton.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(baton.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(baton.exitValue())
                .as(Files.readString(dir.resolve("stderr")))
                .isZero();
        assertThat(out)
                .contains("⎿ piped-in")
                .contains("✗ Unknown command")
                .endsWith(InteractiveSession.RESUME_HINT + "\n")
                .doesNotContain("\u001b[");
    }

    @Test
    void continueWithNothingToContinueFailsWithOneLine() throws IOException, InterruptedException {
        Path project = Files.createDirectories(dir.resolve("project"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), BatonCli.class.getName(), "-c"))
                .directory(project.toFile());
        builder.environment().put("BATON_HOME", dir.resolve("home").toString());
        Process baton = builder.start();
        baton.getOutputStream().close();
        String err = new String(baton.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(baton.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(baton.exitValue()).isEqualTo(1);
        assertThat(err.strip()).startsWith("baton: no session to continue in").doesNotContain("\n");
    }
}
