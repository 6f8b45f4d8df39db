package dev.baton.server.terminal;

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

    private TmuxPane() {}

    /** Runs {@code sh script} in a new {@code columns}×{@code rows} pane. */
    public static TmuxPane start(Path dir, Path script, int columns, int rows) throws IOException {
        Path config = dir.resolve("tmux.conf");
        // remain-on-exit keeps the pane, its last screen and its exit status after the command ends.
        Files.writeString(config, "set -g remain-on-exit on\n");
        TmuxPane pane = new TmuxPane();
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
                "sh " + script);
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

    /**
     * Whether the pane's command has exited and tmux knows how. tmux marks the pane dead when the
     * terminal closes, and learns the exit status a moment later, when it reaps the process.
     */
    public boolean dead() {
        String[] state = tmux(
                        "display-message", "-p", "-t", "screen", "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}")
                .strip()
                .split(":", -1);
        return state[0].equals("1") && (!state[1].isEmpty() || (state.length > 2 && !state[2].isEmpty()));
    }

    /** The exit status of a pane {@link #dead()} says has exited. */
    public int exitStatus() {
        return Integer.parseInt(tmux("display-message", "-p", "-t", "screen", "#{pane_dead_status}")
                .strip());
    }

    @Override
    public void close() {
        tmux("kill-server");
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
