package dev.baton.server.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Checks, before anything runs, that bubblewrap is there and can make the sandbox Baton asks of it. */
public final class SandboxProbe {
    static final String BWRAP = "bwrap";
    private static final long PROBE_SECONDS = 10;

    private SandboxProbe() {}

    /**
     * Runs {@code bwrap --ro-bind / / --unshare-net true}.
     *
     * @throws SandboxUnavailableException saying what failed and how to fix it
     */
    public static void check(String bwrap) {
        Process process;
        try {
            process = new ProcessBuilder(List.of(bwrap, "--ro-bind", "/", "/", "--unshare-net", "true"))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new SandboxUnavailableException("--sandbox needs bubblewrap (" + bwrap
                    + "), which cannot be started: " + e.getMessage()
                    + ". Install it: apt-get install bubblewrap (Debian, Ubuntu), dnf install bubblewrap (Fedora),"
                    + " pacman -S bubblewrap (Arch); or run with --no-sandbox.");
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SandboxUnavailableException(
                        "--sandbox: bubblewrap did not finish a test run in " + PROBE_SECONDS + " s.");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                String first = output.isEmpty()
                        ? "exit code " + process.exitValue()
                        : output.lines().findFirst().get();
                throw new SandboxUnavailableException("--sandbox: bubblewrap cannot create a sandbox here (" + first
                        + "). It needs unprivileged user namespaces: check sysctl kernel.unprivileged_userns_clone=1"
                        + " and, on Ubuntu, kernel.apparmor_restrict_unprivileged_userns=0; or run with --no-sandbox.");
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("--sandbox: cannot read bubblewrap's test run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("--sandbox: interrupted while testing bubblewrap");
        }
    }
}
