package dev.baton.server.terminal;

import dev.baton.server.testing.ProcessTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal: a detached tmux session on its own server socket (so tests never meet anyone else's
 * tmux), whose pane stays readable after its command exits.
 */
public final class TmuxPane implements AutoCloseable {
    private final String socket = "baton-test-" + UUID.randomUUID();
    private final Path exitStatus;

    private TmuxPane(Path exitStatus) {
        this.exitStatus = exitStatus;
    }

    /** Runs {@code sh script} in a new {@code columns}×{@code rows} pane. */
    public static TmuxPane start(Path dir, Path script, int columns, int rows) throws IOException {
        Path config = dir.resolve("tmux.conf");
        // remain-on-exit keeps the pane and its last screen after the command ends.
        Files.writeString(config, "set -g remain-on-exit on\n");
        TmuxPane pane = new TmuxPane(dir.resolve("exit-status"));
        pane.tmux(
                "-f",
                config.toString(),
                "new-session",
                "-d",
                "-s",
                "screen",
                "-x",
                Integer.toString(columns),
                "-y",
                Integer.toString(rows),
                // A shell that waits for the script and writes its status: tmux does not always learn the
                // status of a pane whose process it did not see exit. The trap keeps that shell alive
                // through a Ctrl-C meant for the script (a handler, unlike an ignored signal, is not
                // inherited by the programs the script runs).
                "sh -c 'trap : INT; sh \"$0\"; echo $? > \"$1\"' '" + script + "' '" + pane.exitStatus + "'");
        return pane;
    }

    /** What the pane shows now, one string per row. */
    public String capture() {
        return tmux("capture-pane", "-p", "-t", "screen");
    }

    /** The pane's history and screen: what a command printed once it left the alternate screen. */
    public String captureAll() {
        return tmux("capture-pane", "-p", "-S", "-", "-t", "screen");
    }

    /** Types keys as tmux names them ({@code Space}, {@code C-c}, or plain letters). */
    public void sendKeys(String... keys) {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", "screen"));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    void resize(int columns, int rows) {
        tmux("resize-window", "-t", "screen", "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** Whether the pane's script has exited (and its status is known). */
    public boolean dead() {
        return !status().isEmpty();
    }

    /** The exit status of a script {@link #dead()} says has exited. */
    public int exitStatus() {
        return Integer.parseInt(status());
    }

    private String status() {
        try {
            return Files.readString(exitStatus).strip();
        } catch (IOException notYet) {
            return "";
        }
    }

    /** Hangs the terminal up, and returns once what ran on it has exited. */
    @Override
    public void close() {
        List<ProcessHandle> running = ProcessHandle.of(
                        Long.parseLong(tmux("display-message", "-p", "-t", "screen", "#{pane_pid}")
                                .strip()))
                .map(ProcessTrees::of)
                .orElse(List.of());
        tmux("kill-server");
        ProcessTrees.awaitExit(running);
    }

    private String tmux(String... arguments) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tmux did not answer: " + command);
            }
            if (process.exitValue() != 0 && !arguments[0].equals("kill-server")) {
                throw new AssertionError("tmux failed: " + command + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run tmux (install Debian's tmux): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
