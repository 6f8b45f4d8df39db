package dev.baton.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnSessionTest {
    @TempDir
    Path dir;

    @Test
    void aWrappedCommandIsItsOwnSessionAndProcessGroupLeaderUnderThePidJavaHolds() throws Exception {
        Process process = new ProcessBuilder(OwnSession.wrap(List.of("/bin/sh", "-c", "ps -o sid=,pgid= -p $$")))
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String[] ids = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .strip()
                .split("\\s+");

        String pid = Long.toString(process.pid());
        assertThat(ids).as("session id and process group of the shell").containsExactly(pid, pid);
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void theExitStatusIsTheCommands() throws Exception {
        Process process = new ProcessBuilder(OwnSession.wrap(List.of("/bin/sh", "-c", "exit 7"))).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(7);
    }

    @Test
    void aCommandThatCannotBeFoundStartsAsItIsSoJavaSaysWhy() {
        assertThat(OwnSession.wrap(List.of("/no/such/program", "-x"))).containsExactly("/no/such/program", "-x");
        assertThat(OwnSession.wrap(List.of("no-such-program-on-the-path")))
                .containsExactly("no-such-program-on-the-path");
        assertThat(OwnSession.wrap(List.of("sh", "-c", "true"))).hasSize(4).endsWith("sh", "-c", "true");
    }

    @Test
    void setsidIsFoundOnThePathBeforeTheUsualPlaces() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path ours = Files.createFile(
                bin.resolve("setsid"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createFile(dir.resolve("setsid")); // not executable: skipped

        assertThat(OwnSession.find("setsid", dir + ":" + bin)).contains(ours);
        assertThat(OwnSession.find("setsid", null)).contains(Path.of("/usr/bin/setsid"));
    }
}
