package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad server-mode flags: a line naming the flag and what it accepts, one saying where the usage is, exit 2,
 * nothing started.
 */
class ServerModeFlagsTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BatonCli.commandLine(
                        Map.of("BATON_HOME", home.toString()), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void aCapacityOutsideItsRangeNamesTheRange() {
        assertThat(run("rc", "--capacity", "0")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("baton: --capacity must be a whole number from 1 to 1000, not '0'\n"
                        + "Run 'baton remote-control --help' for how to use it.");
        assertThat(run("remote-control", "--capacity", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("--capacity must be a whole number from 1 to 1000, not 'lots'");
        assertThat(home.resolve("sessions")).as("no session made").doesNotExist();
    }

    @Test
    void anUnknownSpawnModeNamesTheModes() {
        assertThat(run("rc", "--spawn", "fork")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("baton: --spawn must be same-dir, worktree or session, not 'fork'\n"
                        + "Run 'baton remote-control --help' for how to use it.");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void whichSessionToResumeIsSaidOnce() {
        assertThat(run("rc", "--continue", "--session-id", "abcdefgh12")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--session-id cannot be used with --continue or --name")
                .contains("Run 'baton remote-control --help' for how to use it.");
    }

    @Test
    void theHelpDescribesTheServerModeFlags() {
        assertThat(run("rc", "--help")).isZero();
        assertThat(out.toString()).contains("--spawn", "--capacity", "--session-id", "--continue", "list");
    }

    @Test
    void listingADirectoryWithoutSessionsSaysSo() {
        assertThat(run("rc", "list")).isZero();
        assertThat(out.toString()).contains("No sessions in");
        assertThat(run("rc", "list", "--json", "--all")).isZero();
    }
}
