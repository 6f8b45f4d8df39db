package dev.baton.server.sandbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP proxy sandboxed processes reach the network through: it listens on a Unix socket in a
 * private (0700) directory, and lets a connection out only to a host {@link DomainAllowList} allows.
 * It understands {@code CONNECT host:port} (answered {@code 200}, then bytes relayed both ways: TLS
 * passes through untouched, never terminated here) and plain HTTP requests in absolute form ({@code
 * GET http://host/path}: forwarded to the host with {@code Connection: close}, one request per
 * connection). Any other host gets {@code 403} and is reported to the refusal listener. Bounded: a
 * limit on connections at once, on the request head's size and time, and on the time to connect.
 */
public final class NetworkProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkProxy.class);

    /**
     * @param connections how many connections the proxy serves at once; more get {@code 503}
     * @param connectTimeout how long connecting to a host may take
     * @param headBytes the largest request head (request line and headers) accepted
     * @param headTimeout how long a client may take to send its request head
     */
    record Limits(int connections, Duration connectTimeout, int headBytes, Duration headTimeout) {
        static final Limits DEFAULT = new Limits(64, Duration.ofSeconds(10), 16 * 1024, Duration.ofSeconds(30));
    }

    /** A connection the proxy refused: its host is not allowed. */
    public record Refusal(String host, int port) {}

    private final DomainAllowList allowed;
    private final Limits limits;
    private final Consumer<Refusal> refusals;
    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Semaphore slots;
    private final Semaphore turningAway;
    /** Every channel in use, so that closing the proxy ends every connection. */
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    // Virtual, like the proxy's other threads: each session that runs sandboxed commands has a proxy.
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("network-proxy-deadlines").factory());
    private final Thread acceptor;
    private volatile boolean closed;

    private NetworkProxy(
            DomainAllowList allowed,
            Limits limits,
            Consumer<Refusal> refusals,
            Path directory,
            Path socket,
            ServerSocketChannel server) {
        this.allowed = allowed;
        this.limits = limits;
        this.refusals = refusals;
        this.directory = directory;
        this.socket = socket;
        this.server = server;
        this.slots = new Semaphore(limits.connections());
        this.turningAway = new Semaphore(limits.connections());
        this.acceptor = Thread.ofVirtual().name("network-proxy-accept").start(this::accept);
    }

    /** Starts a proxy letting {@code allowed} hosts through and telling {@code refusals} of the others. */
    public static NetworkProxy start(DomainAllowList allowed, Consumer<Refusal> refusals) throws IOException {
        return start(allowed, Limits.DEFAULT, refusals);
    }

    static NetworkProxy start(DomainAllowList allowed, Limits limits, Consumer<Refusal> refusals) throws IOException {
        Path directory = Files.createTempDirectory(
                "baton-network-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = directory.resolve("proxy.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
            throw e;
        }
        return new NetworkProxy(allowed, limits, refusals, directory, socket, server);
    }

    /** The Unix socket the proxy listens on. */
    public Path socket() {
        return socket;
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("network proxy {}: stopped accepting: {}", socket, e.toString());
                }
                return;
            }
            open.add(client);
            if (!slots.tryAcquire()) {
                turnAway(client);
                continue;
            }
            Thread.ofVirtual().name("network-proxy-connection").start(() -> {
                try {
                    serve(client);
                } finally {
                    close(client);
                    slots.release();
                }
            });
        }
    }

    /**
     * Answers {@code 503} to a connection over the limit, on a thread of its own (bounded too: beyond
     * that a connection is closed at once).
     */
    private void turnAway(SocketChannel client) {
        if (!turningAway.tryAcquire()) {
            close(client);
            return;
        }
        Thread.ofVirtual().name("network-proxy-busy").start(() -> {
            try {
                answer(
                        client,
                        "503 Service Unavailable",
                        "Baton's sandbox proxy is serving " + limits.connections()
                                + " connections already; try again later.");
            } catch (IOException e) {
                LOG.debug("network proxy: could not turn a connection away: {}", e.toString());
            } finally {
                close(client);
                turningAway.release();
            }
        });
    }

    private void serve(SocketChannel client) {
        SocketChannel origin = null;
        try {
            RequestHead head;
            ScheduledFuture<?> deadline =
                    deadlines.schedule(() -> close(client), limits.headTimeout().toMillis(), TimeUnit.MILLISECONDS);
            try {
                head = RequestHead.read(client, limits.headBytes());
            } finally {
                deadline.cancel(false);
            }
            if (head == null) {
                return; // closed before a request
            }
            String[] lines = head.text().split("\r\n");
            String[] request = lines[0].split(" ");
            if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
                answer(client, "400 Bad Request", "Baton's sandbox proxy expects an HTTP/1.1 proxy request.");
                return;
            }
            boolean tunnel = request[0].equals("CONNECT");
            ProxyTarget target = tunnel ? ProxyTarget.ofAuthority(request[1]) : ProxyTarget.ofUrl(request[1]);
            if (target == null) {
                answer(
                        client,
                        "400 Bad Request",
                        "Baton's sandbox proxy takes CONNECT host:port, or a plain http:// URL; not " + request[1]);
                return;
            }
            if (!allowed.allows(target.host())) {
                refuse(client, target);
                return;
            }
            origin = connect(client, target);
            if (origin == null) {
                return;
            }
            if (tunnel) {
                writeFully(client, ByteBuffer.wrap("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(ISO_8859_1)));
            } else {
                writeFully(
                        origin,
                        ByteBuffer.wrap(
                                RequestHead.forwarded(request, lines, target).getBytes(ISO_8859_1)));
            }
            writeFully(origin, head.rest());
            relay(client, origin, !tunnel);
        } catch (RequestHead.TooLarge e) {
            try {
                answer(
                        client,
                        "431 Request Header Fields Too Large",
                        "Baton's sandbox proxy takes request heads of up to " + limits.headBytes() + " bytes.");
            } catch (IOException ignored) {
                // The client is gone: nothing to tell.
            }
        } catch (IOException e) {
            LOG.debug("network proxy: connection ended: {}", e.toString());
        } finally {
            if (origin != null) {
                close(origin);
            }
        }
    }

    private void refuse(SocketChannel client, ProxyTarget target) throws IOException {
        try {
            refusals.accept(new Refusal(target.host(), target.port()));
        } catch (RuntimeException e) {
            LOG.warn("network proxy: the refusal listener failed", e);
        }
        answer(
                client,
                "403 Forbidden",
                "Baton's sandbox refused a connection to " + target + ": " + target.host()
                        + " is not in sandbox.network.allowedDomains.");
    }

    /** The connection to {@code target}, or null after telling the client why there is none. */
    private SocketChannel connect(SocketChannel client, ProxyTarget target) throws IOException {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            answer(client, "502 Bad Gateway", "Baton's sandbox proxy cannot resolve " + target.host() + ".");
            return null;
        }
        SocketChannel origin = SocketChannel.open();
        open.add(origin);
        if (closed) { // close() may have passed over the connections already
            close(origin);
            return null;
        }
        try {
            origin.socket().connect(address, (int) limits.connectTimeout().toMillis());
            return origin;
        } catch (SocketTimeoutException e) {
            close(origin);
            answer(
                    client,
                    "504 Gateway Timeout",
                    "Baton's sandbox proxy could not connect to " + target + " within "
                            + limits.connectTimeout().toSeconds() + " s.");
        } catch (IOException e) {
            close(origin);
            answer(
                    client,
                    "502 Bad Gateway",
                    "Baton's sandbox proxy could not connect to " + target + ": " + e.getMessage());
        }
        return null;
    }

    /**
     * Copies bytes both ways until both sides are done (a tunnel), or until the origin has sent all it
     * will ({@code untilOriginEnds}: a forwarded request, whose response ends the connection).
     */
    private void relay(SocketChannel client, SocketChannel origin, boolean untilOriginEnds) {
        Thread upstream = Thread.ofVirtual().name("network-proxy-upstream").start(() -> copy(client, origin));
        copy(origin, client);
        if (untilOriginEnds) {
            close(client);
            close(origin);
        }
        try {
            upstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until the end of {@code from}, then ends {@code to}'s output; on a failure closes both. */
    private void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                writeFully(to, buffer);
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            close(from);
            close(to);
        }
    }

    /**
     * Sends a short text response, then reads and drops what the client still sends until it closes (at
     * most a head's worth of bytes, for at most a head's time): closing with unread input would reset
     * the connection, and the client could lose the answer.
     */
    private void answer(SocketChannel client, String status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        writeFully(client, ByteBuffer.wrap(head.getBytes(ISO_8859_1)));
        writeFully(client, ByteBuffer.wrap(body));
        client.shutdownOutput();
        ScheduledFuture<?> deadline =
                deadlines.schedule(() -> close(client), limits.headTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            for (int dropped = 0, n; dropped < limits.headBytes() && (n = client.read(sink)) >= 0; sink.clear()) {
                dropped += n;
            }
        } finally {
            deadline.cancel(false);
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void close(Channel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("network proxy: closing a connection failed: {}", e.toString());
        }
    }

    /** Stops listening, ends every connection, and removes the socket and its directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        close(server);
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(this::close);
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("network proxy: could not remove {}: {}", directory, e.toString());
        }
    }
}
