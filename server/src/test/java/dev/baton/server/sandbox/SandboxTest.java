package dev.baton.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.tool.ShellTool;
import dev.baton.server.agent.tool.ToolContext;
import dev.baton.server.agent.tool.ToolOutcome;
import dev.baton.server.session.shell.ShellCommand;
import dev.baton.server.session.shell.ShellResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real commands under real bubblewrap (run-tests installs it). */
class SandboxTest {
    private static final String SECRET = "-----BEGIN OPENSSH PRIVATE KEY-----";

    /** Under the build directory, not /tmp: the sandbox's private /tmp would hide it for the wrong reason. */
    private Path base;

    private Path project;
    private Path home;
    private Path batonHome;
    private Sandbox sandbox;

    @BeforeEach
    void layOut() throws Exception {
        base = Files.createTempDirectory(
                Files.createDirectories(Path.of("target").toAbsolutePath()), "sandbox-");
        project = Files.createDirectories(base.resolve("project"));
        home = Files.createDirectories(base.resolve("home"));
        batonHome = Files.createDirectories(home.resolve(".baton"));
        Files.writeString(Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519"), SECRET);
        Files.writeString(batonHome.resolve("credentials.json"), "{\"token\": \"" + SECRET + "\"}");
        Files.writeString(home.resolve(".netrc"), SECRET);
        Files.createDirectories(base.resolve("cache"));
        sandbox = new SandboxSettings(
                        true,
                        List.of(home.resolve(".netrc").toString()),
                        List.of(base.resolve("cache").toString()))
                .sandbox(true, home, batonHome);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (var files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    private ShellResult run(String command, Sandbox in) throws Exception {
        return ShellCommand.start(command, project, Duration.ofSeconds(30), in)
                .result()
                .get(60, TimeUnit.SECONDS);
    }

    @Test
    void theProjectIsWritable() throws Exception {
        ShellResult result = run("echo made > made.txt && cat made.txt", sandbox);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(project.resolve("made.txt")).hasContent("made");
    }

    @Test
    void aWriteOutsideTheProjectFails() throws Exception {
        ShellResult free = run("echo x > ../outside-free.txt", Sandbox.OFF);
        assertThat(free.exitCode()).isZero(); // the same command works unsandboxed

        ShellResult result = run("echo x > ../outside.txt", sandbox);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("Read-only file system");
        assertThat(base.resolve("outside.txt")).doesNotExist();
    }

    @Test
    void anAllowWritePathIsWritable() throws Exception {
        ShellResult result = run("echo cached > " + base.resolve("cache/entry"), sandbox);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(base.resolve("cache/entry")).hasContent("cached");
    }

    @Test
    void secretsAreUnreadable() throws Exception {
        assertThat(run("cat " + home.resolve(".ssh/id_ed25519"), Sandbox.OFF).output())
                .contains(SECRET);

        ShellResult key = run("cat " + home.resolve(".ssh/id_ed25519"), sandbox);
        assertThat(key.exitCode()).isNotZero();
        assertThat(key.output()).doesNotContain(SECRET);
        assertThat(run("ls " + home.resolve(".ssh"), sandbox).output()).doesNotContain("id_ed25519");
        assertThat(run("cat " + batonHome.resolve("credentials.json"), sandbox).output())
                .doesNotContain(SECRET);
        assertThat(run("cat " + home.resolve(".netrc"), sandbox).output()).doesNotContain(SECRET);
    }

    @Test
    void theNetworkIsUnreachableEvenOnLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String connect = "exec bash -c 'echo hello > /dev/tcp/127.0.0.1/" + server.getLocalPort() + "'";
            assertThat(run(connect, Sandbox.OFF).exitCode()).isZero(); // the listener is there

            ShellResult result = run(connect, sandbox);
            assertThat(result.exitCode()).as(result.output()).isNotZero();
        }
    }

    @Test
    void tmpIsPrivate() throws Exception {
        Path hostFile = Files.createTempFile("baton-sandbox-host-", ".txt");
        try {
            assertThat(run("test -e " + hostFile, Sandbox.OFF).exitCode()).isZero();
            assertThat(run("test -e " + hostFile, sandbox).exitCode()).isNotZero();
            String inside =
                    "/tmp/baton-sandbox-inside-" + ProcessHandle.current().pid();
            ShellResult written = run("echo x > " + inside + " && cat " + inside, sandbox);
            assertThat(written.exitCode()).isZero();
            assertThat(Path.of(inside)).doesNotExist();
        } finally {
            Files.deleteIfExists(hostFile);
        }
    }

    @Test
    void theShellToolRunsInTheSessionsSandbox() throws Exception {
        ObjectNode input = Json.MAPPER.createObjectNode().put("command", "touch ../escaped.txt");
        ToolOutcome outcome = new ShellTool().run(input, new ToolContext(project, new Cancellation(), sandbox));
        assertThat(outcome.ok()).isFalse();
        assertThat(base.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aMissingBubblewrapIsExplainedWithHowToInstallIt() {
        SandboxProbe.check("bwrap"); // the real one works here
        assertThatThrownBy(() -> SandboxProbe.check(base.resolve("no-bwrap").toString()))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("apt-get install bubblewrap")
                .hasMessageContaining("--no-sandbox");
    }
}
