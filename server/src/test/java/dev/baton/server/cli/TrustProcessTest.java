package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import dev.baton.server.testing.ProcessTrees;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton trust}, {@code untrust} and a non-interactive {@code baton remote-control} as real
 * processes (stdin from /dev/null: no terminal), started under {@code umask 000} so that only Baton's
 * own care keeps its files private.
 */
@Timeout(120)
class TrustProcessTest {
    @TempDir
    Path dir;

    private Path home;
    private Path workspace;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void hostileProject() throws IOException {
        home = dir.resolve("home");
        workspace = Files.createDirectories(dir.resolve("cloned"));
        Files.writeString(
                workspace.resolve(".mcp.json"),
                "{\"mcpServers\": {\"helper\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", \"touch mcp-started\"]}}}");
        Files.createDirectories(workspace.resolve(".baton"));
        Files.writeString(workspace.resolve(".baton/settings.json"), "{\"permissions\": {\"allow\": [\"Shell\"]}}");
    }

    @AfterEach
    void killLeftovers() {
        ProcessTrees.kill(processes);
    }

    @Test
    void remoteControlWithoutATerminalRefusesAnUntrustedFolderBeforeTouchingARelay() throws Exception {
        Result refused = run(workspace, "remote-control", "--json", "--port", "0");

        Path real = workspace.toRealPath();
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr())
                .startsWith("baton: " + real + " is not trusted")
                .contains("Review them, then run: baton trust " + real)
                .doesNotContain("Exception");
        assertThat(home.resolve("relay")).doesNotExist();
        assertThat(home.resolve("sessions")).doesNotExist();
        assertThat(workspace.resolve("mcp-started")).doesNotExist();
    }

    @Test
    void trustIsRecordedPrivatelyAndAChangedFileIsNamedOnTheNextStart() throws Exception {
        Result trusted = run(dir, "trust", workspace.toString());

        assertThat(trusted.exit()).as(trusted.stderr()).isZero();
        assertThat(trusted.stdout())
                .contains("Trusted " + workspace.toRealPath(), "helper: /bin/sh -c 'touch mcp-started'", "allow Shell");
        assertThat(permissions(home)).isEqualTo("rwx------");
        assertThat(permissions(home.resolve("trust.json"))).isEqualTo("rw-------");
        assertThat(run(dir, "trust", "--list").stdout())
                .contains("trusted\t")
                .contains(workspace.toRealPath().toString());

        Files.writeString(workspace.resolve(".mcp.json"), "{\"mcpServers\": {}}");
        Result changed = run(workspace, "remote-control", "--json", "--port", "0");

        assertThat(changed.exit()).isEqualTo(2);
        assertThat(changed.stderr())
                .contains(".mcp.json changed since you trusted this folder")
                .contains("baton trust " + workspace.toRealPath());
        assertThat(changed.stderr()).doesNotContain(".baton/settings.json");

        Result untrusted = run(dir, "untrust", workspace.toString());
        assertThat(untrusted.stdout()).contains("No longer trusted");
        Result none = run(dir, "trust", "--list");
        assertThat(none.stdout()).as("nothing for a script to read").isEmpty();
        assertThat(none.stderr()).contains("baton: no folder has a trust decision yet");
    }

    @Test
    void trustOfAMissingFolderIsOneLineAndExitTwo() throws Exception {
        Result missing = run(dir, "trust", dir.resolve("nowhere").toString());

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr().strip()).isEqualTo("baton: no such directory: " + dir.resolve("nowhere"));
    }

    @Test
    void looseFilesAlreadyThereAreTightenedWithOneNotice() throws Exception {
        Files.createDirectories(home.resolve("sessions"));
        Files.writeString(home.resolve("credentials.json"), "{}");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home.resolve("sessions"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home.resolve("credentials.json"), PosixFilePermissions.fromString("rw-r--r--"));

        Result listed = run(dir, "trust", "--list");

        assertThat(listed.stderr().lines().filter(line -> line.contains("private to you")))
                .containsExactly("baton: made 3 files and folders under " + home + " private to you (others could read"
                        + " them)");
        assertThat(permissions(home)).isEqualTo("rwx------");
        assertThat(permissions(home.resolve("sessions"))).isEqualTo("rwx------");
        assertThat(permissions(home.resolve("credentials.json"))).isEqualTo("rw-------");
        assertThat(run(dir, "trust", "--list").stderr()).doesNotContain("private to you");
    }

    @Test
    void aSessionAndTheEmbeddedRelayKeepTheirFilesPrivateUnderAnOpenUmask() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain")); // no project files: nothing to trust
        Process process = start(plain, "remote-control", "--json", "--port", "0");
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        Await.until("the session online", () -> lines.stream().anyMatch(line -> line.contains("\"online\"")));

        List<Path> written;
        try (Stream<Path> all = Files.walk(home)) {
            written = all.toList();
        }
        assertThat(written)
                .anyMatch(path -> path.getFileName().toString().equals("events.jsonl"))
                .anyMatch(path -> path.startsWith(home.resolve("relay")) && Files.isRegularFile(path));
        for (Path path : written) {
            assertThat(permissions(path))
                    .as(path.toString())
                    .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
        }
    }

    @Test
    void aTrustedFoldersServerGetsNoneOfTheBackendsSecrets() throws Exception {
        Files.writeString(
                workspace.resolve(".mcp.json"),
                "{\"mcpServers\": {\"helper\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", \"env > mcp-env\"],"
                        + " \"env\": {\"NAMED\": \"given\"}}}}");
        assertThat(run(dir, "trust", workspace.toString()).exit()).isZero();

        // A complete model configuration, so the session prepares its agent; the model is never asked.
        start(
                workspace,
                List.of("ANTHROPIC_API_KEY=secret-key", "ANTHROPIC_BASE_URL=http://127.0.0.1:9"),
                "remote-control",
                "--json",
                "--port",
                "0");

        Await.until("the MCP server to write its environment", () -> contents(workspace.resolve("mcp-env"))
                .contains("NAMED="));
        assertThat(Files.readString(workspace.resolve("mcp-env")))
                .contains("NAMED=given", "PATH=")
                .doesNotContain("secret-key", "ANTHROPIC", "BATON_HOME");
    }

    @Test
    void atATerminalItShowsWhatTheFolderWouldRunAsksOnceAndRemembersYes() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = "exec env BATON_HOME=" + quoted(home.toString()) + " " + quoted(java) + " -cp "
                + quoted(System.getProperty("java.class.path")) + " " + BatonCli.class.getName()
                + " remote-control --port 0";
        tmux("new-session", "-d", "-s", "trust", "-x", "200", "-y", "50", "-c", workspace.toString(), command);

        Await.until("the question", () -> screen().contains("Trust this folder?"));
        assertThat(screen())
                .contains(workspace.toRealPath() + " is not trusted yet.")
                .contains("helper: /bin/sh -c 'touch mcp-started'")
                .contains("allow Shell");
        tmux("send-keys", "-t", "trust", "yes", "Enter");

        Await.until("Remote Control to start", () -> screen().contains("Open this URL on your phone"));
        assertThat(Files.readString(home.resolve("trust.json")))
                .contains(workspace.toRealPath().toString())
                .contains("\"trusted\"");
        assertThat(linesUnderTheStatusScreen().split("Trust this folder\\?", -1))
                .as("asked once")
                .hasSize(2);
    }

    @Test
    void atATerminalNoIsRememberedAndTheFolderRunsWithItsProjectLayerOff() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = "exec env BATON_HOME=" + quoted(home.toString()) + " " + quoted(java) + " -cp "
                + quoted(System.getProperty("java.class.path")) + " " + BatonCli.class.getName()
                + " remote-control --port 0";
        tmux("new-session", "-d", "-s", "trust", "-x", "200", "-y", "50", "-c", workspace.toString(), command);
        Await.until("the question", () -> screen().contains("Trust this folder?"));

        tmux("send-keys", "-t", "trust", "maybe", "Enter");
        Await.until("the question again", () -> screen().contains("Please answer yes or no."));
        tmux("send-keys", "-t", "trust", "no", "Enter");

        Await.until("Remote Control to start", () -> screen().contains("Open this URL on your phone"));
        assertThat(screen()).contains("Not trusted: this folder's project settings and MCP servers are off");
        assertThat(Files.readString(home.resolve("trust.json"))).contains("\"declined\"");
        assertThat(workspace.resolve("mcp-started")).doesNotExist();
    }

    private final String tmuxSocket =
            "baton-trust-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @AfterEach
    void stopTmux() throws Exception {
        new ProcessBuilder("tmux", "-L", tmuxSocket, "kill-server")
                .redirectErrorStream(true)
                .start()
                .waitFor();
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", tmuxSocket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private String screen() {
        try {
            return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "trust");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("tmux capture-pane failed", e);
        }
    }

    /** The terminal's own lines while the status screen covers them (the alternate screen is up). */
    private String linesUnderTheStatusScreen() {
        try {
            return tmux("capture-pane", "-p", "-J", "-a", "-t", "trust");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("tmux capture-pane failed", e);
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private record Result(int exit, String stdout, String stderr) {}

    private Result run(Path directory, String... args) throws Exception {
        Process process = start(directory, args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("baton %s ends", List.of(args))
                .isTrue();
        return new Result(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                Files.readString(directory.resolve("stderr.log")));
    }

    /** {@code baton ARGS} in {@code directory} under {@code umask 000}, stdin from /dev/null. */
    private Process start(Path directory, String... args) throws IOException {
        return start(directory, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with more variables ({@code NAME=value}). */
    private Process start(Path directory, List<String> variables, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "umask 000; exec \"$@\"",
                "sh",
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BatonCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectError(directory.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BATON_") || name.startsWith("ANTHROPIC_"));
        builder.environment().put("BATON_HOME", home.toString());
        variables.forEach(variable -> builder.environment()
                .put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1)));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** What {@code file} holds so far; empty while it does not exist. */
    private static String contents(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
