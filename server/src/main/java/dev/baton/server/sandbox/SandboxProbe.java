package dev.baton.server.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before anything runs, that bubblewrap is there and can make the sandbox Baton asks of it, and,
 * when the sandbox has allowed domains, that {@code socat} is there to forward its proxy port.
 */
public final class SandboxProbe {
    static final String BWRAP = "bwrap";
    public static final String SOCAT = "socat";
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

    /**
     * Runs {@code socat -V}: the sandbox runs it inside to reach the proxy of {@code
     * sandbox.network.allowedDomains}.
     *
     * @throws SandboxUnavailableException saying it is missing and how to install it
     */
    public static void checkForwarder(String socat) {
        String missing = "sandbox.network.allowedDomains needs socat (" + socat
                + ") to forward the sandbox's proxy port, and it %s. Install it: apt-get install socat (Debian,"
                + " Ubuntu), dnf install socat (Fedora), pacman -S socat (Arch); or remove"
                + " sandbox.network.allowedDomains from config.json for no network at all.";
        Process process;
        try {
            process = new ProcessBuilder(List.of(socat, "-V"))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new SandboxUnavailableException(missing.formatted("cannot be started: " + e.getMessage()));
        }
        try {
            process.getOutputStream().close();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SandboxUnavailableException(
                        missing.formatted("did not answer socat -V in " + PROBE_SECONDS + " s"));
            }
            if (process.exitValue() != 0) {
                throw new SandboxUnavailableException(
                        missing.formatted("failed socat -V (exit code " + process.exitValue() + ")"));
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("--sandbox: cannot read socat -V: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("--sandbox: interrupted while testing socat");
        }
    }
}
