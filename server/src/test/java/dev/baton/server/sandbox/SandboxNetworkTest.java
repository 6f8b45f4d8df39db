package dev.baton.server.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.baton.server.session.shell.ShellCommand;
import dev.baton.server.session.shell.ShellResult;
import dev.baton.server.testing.Await;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sandbox.network.allowedDomains with real bubblewrap, socat and curl: the allowed host is reached
 * through Baton's proxy, anything else is refused and reported, and a direct connection still fails.
 */
class SandboxNetworkTest {
    /** Bypasses the sandbox's NO_PROXY for localhost: the host's "localhost" is what the test allows. */
    private static final String CURL = "curl -sS --noproxy '' --max-time 20 ";

    private Path base;
    private Path project;
    private Path home;
    private HttpServer server;
    private int port;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private SessionNetwork network;
    private Sandbox sandbox;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createTempDirectory(
                Files.createDirectories(Path.of("target").toAbsolutePath()), "sandbox-net-");
        project = Files.createDirectories(base.resolve("project"));
        home = Files.createDirectories(base.resolve("home"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "hello from the host\n".getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        port = server.getAddress().getPort();
        DomainAllowList allowed = new DomainAllowList(List.of("localhost"));
        network = new SessionNetwork(allowed, notices::add);
        sandbox = new SandboxSettings(true, List.of(), List.of(), allowed)
                .sandbox(true, home, home.resolve(".baton"))
                .withNetwork(network);
    }

    @AfterEach
    void tearDown() throws Exception {
        network.close();
        server.stop(0);
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
    void anAllowedHostIsReachedThroughTheProxy() throws Exception {
        ShellResult result = run(CURL + "http://localhost:" + port + "/", sandbox);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("hello from the host\n");
        assertThat(requests).hasValue(1);
        assertThat(notices).isEmpty();
    }

    @Test
    void aTunnelToAnAllowedHostWorksAsHttpsWould() throws Exception {
        // --proxytunnel: CONNECT first, as for https://, then the request inside the tunnel.
        ShellResult result = run(CURL + "--proxytunnel http://localhost:" + port + "/", sandbox);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("hello from the host\n");
    }

    @Test
    void theProxyVariablesPointAtTheForwarder() throws Exception {
        ShellResult result = run("echo \"$http_proxy $HTTPS_PROXY $no_proxy\"", sandbox);

        assertThat(result.output())
                .isEqualTo("http://127.0.0.1:" + Sandbox.PROXY_PORT + " http://127.0.0.1:" + Sandbox.PROXY_PORT
                        + " localhost,127.0.0.1,::1\n");
    }

    @Test
    void aHostNotAllowedIsRefusedAndTheRefusalReported() throws Exception {
        ShellResult byAddress = run(CURL + "-o /dev/null -w '%{http_code}' http://127.0.0.1:" + port + "/", sandbox);
        assertThat(byAddress.output()).isEqualTo("403");

        ShellResult tls = run(CURL + "https://not-allowed.invalid/", sandbox);
        assertThat(tls.exitCode()).isNotZero();
        assertThat(tls.output()).contains("403");

        assertThat(requests).hasValue(0);
        Await.until("two refusals reported", () -> notices.size() == 2);
        assertThat(notices)
                .containsExactly(
                        "Sandbox: refused a connection to 127.0.0.1:" + port
                                + " (not in sandbox.network.allowedDomains)",
                        "Sandbox: refused a connection to not-allowed.invalid:443"
                                + " (not in sandbox.network.allowedDomains)");
    }

    @Test
    void aDirectConnectionStillFailsEvenToLoopback() throws Exception {
        String connect = "exec bash -c 'echo hello > /dev/tcp/127.0.0.1/" + port + "'";
        assertThat(run(connect, Sandbox.OFF).exitCode()).isZero(); // the listener is there

        ShellResult result = run(connect, sandbox);
        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void theForwarderEndsWithTheCommand() throws Exception {
        ShellCommand command =
                ShellCommand.start("while [ ! -e go ]; do sleep 0.05; done", project, Duration.ofSeconds(30), sandbox);
        ProcessHandle shell = ProcessHandle.of(command.pid()).orElseThrow();
        Await.until("socat to run in the sandbox", () -> forwarder(shell).isPresent());
        ProcessHandle socat = forwarder(shell).orElseThrow();

        Files.writeString(project.resolve("go"), "");

        assertThat(command.result().get(60, TimeUnit.SECONDS).exitCode()).isZero();
        Await.until("socat to end with the command", () -> !socat.isAlive());
    }

    private static Optional<ProcessHandle> forwarder(ProcessHandle sandboxed) {
        return sandboxed
                .descendants()
                .filter(process -> process.info().command().orElse("").endsWith("/socat"))
                .findFirst();
    }

    @Test
    void withoutAllowedDomainsNoProxyRuns() throws Exception {
        SessionNetwork none = new SessionNetwork(DomainAllowList.NONE, notices::add);
        Sandbox closed = new SandboxSettings(true, List.of(), List.of())
                .sandbox(true, home, home.resolve(".baton"))
                .withNetwork(none);

        assertThat(closed.wrap(List.of("true"), project)).doesNotContain("--setenv", "--unshare-pid", "/bin/sh");
        ShellResult result =
                run("echo \"[$http_proxy]\"; test -e /tmp/.baton-network/proxy.sock || echo no socket", closed);
        assertThat(result.output()).isEqualTo("[]\nno socket\n");
        assertThat(none.proxySocket()).isEmpty();
        assertThat(none.running()).isFalse();
        assertThat(network.running()).isFalse(); // started by the first sandboxed command, not before
    }

    @Test
    void aClosedSessionNetworkLeavesLaterCommandsWithoutNetwork() throws Exception {
        Path socket = network.proxySocket().orElseThrow();
        assertThat(socket).exists();

        network.close();

        assertThat(socket.getParent()).doesNotExist();
        ShellResult result = run(CURL + "http://localhost:" + port + "/", sandbox);
        assertThat(result.exitCode()).isNotZero();
        assertThat(requests).hasValue(0);
    }

    @Test
    void aMissingSocatIsExplainedWithHowToInstallIt() {
        SandboxProbe.checkForwarder(SandboxProbe.SOCAT); // the real one is here
        assertThatThrownBy(() ->
                        SandboxProbe.checkForwarder(base.resolve("no-socat").toString()))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("sandbox.network.allowedDomains needs socat")
                .hasMessageContaining("apt-get install socat");
    }
}
