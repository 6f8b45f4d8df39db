package dev.baton.server.sandbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.baton.server.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy on its own, spoken to over its Unix socket as socat in a sandbox would. */
class NetworkProxyTest {
    private final List<NetworkProxy.Refusal> refusals = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> requested = new AtomicReference<>();
    private final AtomicReference<Headers> headers = new AtomicReference<>();
    private HttpServer origin;
    private int port;
    private NetworkProxy proxy;

    @BeforeEach
    void startOrigin() throws IOException {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            requested.set(exchange.getRequestURI().toString());
            headers.set(exchange.getRequestHeaders());
            byte[] body = "hello from the origin\n".getBytes(ISO_8859_1);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();
        port = origin.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        origin.stop(0);
    }

    private NetworkProxy start(NetworkProxy.Limits limits) throws IOException {
        proxy = NetworkProxy.start(new DomainAllowList(List.of("localhost")), limits, refusals::add);
        return proxy;
    }

    private NetworkProxy start() throws IOException {
        return start(NetworkProxy.Limits.DEFAULT);
    }

    private SocketChannel open() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(proxy.socket()));
    }

    /** Sends {@code request} and reads what comes back until the proxy ends the connection. */
    private String exchange(String request) throws IOException {
        try (SocketChannel client = open()) {
            client.write(ByteBuffer.wrap(request.getBytes(ISO_8859_1)));
            return new String(Channels.newInputStream(client).readAllBytes(), ISO_8859_1);
        }
    }

    /** Reads up to and with the end of a response head. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void aPlainRequestToAnAllowedHostIsForwardedInOriginFormWithConnectionClose() throws Exception {
        start();
        String response = exchange("GET http://LOCALHOST:" + port + "/path?q=1 HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nProxy-Connection: keep-alive\r\nConnection: X-Secret\r\nX-Secret: hop\r\nX-Kept: yes\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("hello from the origin\n");
        assertThat(requested.get()).isEqualTo("/path?q=1");
        assertThat(headers.get().getFirst("X-Kept")).isEqualTo("yes");
        assertThat(headers.get().getFirst("Connection")).isEqualTo("close");
        assertThat(headers.get()).doesNotContainKeys("Proxy-connection", "X-secret");
        assertThat(refusals).isEmpty();
    }

    @Test
    void aConnectTunnelRelaysWhatFollowsBothWays() throws Exception {
        start();
        // The request inside the tunnel comes in the same write as CONNECT, as a TLS hello may.
        String response = exchange("CONNECT localhost:" + port + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n"
                + "GET /inside HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 ")
                .endsWith("hello from the origin\n");
        assertThat(requested.get()).isEqualTo("/inside");
    }

    @Test
    void aHostNotAllowedGets403AndIsReported() throws Exception {
        start();
        assertThat(exchange("CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n"))
                .startsWith("HTTP/1.1 403 Forbidden\r\n")
                .contains("refused a connection to evil.example:443")
                .contains("sandbox.network.allowedDomains");
        // By address, even one the allowed name resolves to: only names are allowed.
        assertThat(exchange("GET http://127.0.0.1:" + port + "/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                .startsWith("HTTP/1.1 403 Forbidden\r\n");

        assertThat(refusals)
                .containsExactly(
                        new NetworkProxy.Refusal("evil.example", 443), new NetworkProxy.Refusal("127.0.0.1", port));
        assertThat(requested.get()).isNull();
    }

    @Test
    void whatIsNotAProxyRequestGets400() throws Exception {
        start();
        assertThat(exchange("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("GET https://localhost/ HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("CONNECT localhost HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("hello\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(refusals).isEmpty();
    }

    @Test
    void aClosedPortGets502() throws Exception {
        start();
        int closed;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = unused.getLocalPort();
        }
        assertThat(exchange("CONNECT localhost:" + closed + " HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                .contains("could not connect to localhost:" + closed);
    }

    @Test
    void anOversizedHeadGets431() throws Exception {
        start(new NetworkProxy.Limits(4, Duration.ofSeconds(10), 1024, Duration.ofSeconds(30)));
        String huge = "GET http://localhost:" + port + "/ HTTP/1.1\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n";
        try (SocketChannel client = open()) {
            client.write(ByteBuffer.wrap(huge.getBytes(ISO_8859_1)));
            assertThat(readHead(Channels.newInputStream(client))).startsWith("HTTP/1.1 431 ");
        }
        assertThat(requested.get()).isNull();
    }

    @Test
    void aClientThatSendsNoHeadIsCutOff() throws Exception {
        start(new NetworkProxy.Limits(4, Duration.ofSeconds(10), 1024, Duration.ofMillis(200)));
        try (SocketChannel client = open()) {
            assertThat(client.read(ByteBuffer.allocate(16))).isEqualTo(-1);
        }
    }

    @Test
    void connectionsOverTheLimitGet503UntilOneEnds() throws Exception {
        start(new NetworkProxy.Limits(1, Duration.ofSeconds(10), 1024, Duration.ofSeconds(30)));
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketChannel tunnel = open();
            tunnel.write(ByteBuffer.wrap(
                    ("CONNECT localhost:" + holder.getLocalPort() + " HTTP/1.1\r\n\r\n").getBytes(ISO_8859_1)));
            try (Socket held = holder.accept()) {
                assertThat(readHead(Channels.newInputStream(tunnel))).startsWith("HTTP/1.1 200 ");
                assertThat(exchange("CONNECT localhost:" + port + " HTTP/1.1\r\n\r\n"))
                        .startsWith("HTTP/1.1 503 ");
                tunnel.close();
            }
        }
        Await.until("the tunnel's place to be free again", () -> {
            try {
                return exchange("GET http://localhost:" + port + "/ HTTP/1.1\r\n\r\n")
                        .startsWith("HTTP/1.1 200 ");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void theSocketIsInAPrivateDirectoryThatCloseRemoves() throws Exception {
        start();
        Path directory = proxy.socket().getParent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .isEqualTo("rwx------");
        assertThat(proxy.socket()).exists();

        proxy.close();

        assertThat(directory).doesNotExist();
        try (SocketChannel ignored = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            assertThat(catchConnect(ignored)).isInstanceOf(IOException.class);
        }
    }

    private Throwable catchConnect(SocketChannel channel) {
        try {
            channel.connect(UnixDomainSocketAddress.of(proxy.socket()));
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
