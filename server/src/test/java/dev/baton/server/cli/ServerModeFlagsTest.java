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
        return run(Map.of("BATON_HOME", home.toString()), args);
    }

    private int run(Map<String, String> env, String... args) {
        return BatonCli.commandLine(env, new PrintWriter(out, true), new PrintWriter(err, true))
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
    void aCapacityForAOneSessionEnvironmentIsRefusedInEitherOrder() {
        assertThat(run(unreachableRelay(), "rc", "--spawn", "session", "--capacity", "5"))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("baton: --capacity applies to --spawn same-dir or worktree: a --spawn session environment"
                        + " hosts one session\n"
                        + "Run 'baton remote-control --help' for how to use it.");
        err.getBuffer().setLength(0);

        assertThat(run(unreachableRelay(), "rc", "--capacity", "32", "--spawn", "session"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("baton: --capacity applies to --spawn same-dir or worktree");
        assertThat(home.resolve("sessions")).as("no session made").doesNotExist();
    }

    @Test
    void aOneSessionEnvironmentWithoutCapacityGetsPastTheFlags() {
        assertThat(run(unreachableRelay(), "rc", "--spawn", "session")).isEqualTo(2);

        assertThat(err.toString())
                .startsWith("baton: no account token for relay")
                .doesNotContain("--capacity");
    }

    /**
     * An external relay and no token: a run the flags let through stops at once on the missing token,
     * rather than hosting a session.
     */
    private Map<String, String> unreachableRelay() {
        return Map.of("BATON_HOME", home.toString(), "BATON_RELAY_URL", "http://127.0.0.1:9");
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
