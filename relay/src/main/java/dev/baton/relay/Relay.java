package dev.baton.relay;

import com.interaso.webpush.VapidKeys;
import dev.baton.relay.auth.Accounts;
import dev.baton.relay.auth.DeviceGrants;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.http.JsonErrorHandler;
import dev.baton.relay.http.Readiness;
import dev.baton.relay.http.RelayHandler;
import dev.baton.relay.http.SessionUrls;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.hub.SessionBus;
import dev.baton.relay.hub.presence.Liveness;
import dev.baton.relay.metrics.MetricsEndpoint;
import dev.baton.relay.metrics.RelayMetrics;
import dev.baton.relay.metrics.StatusCounter;
import dev.baton.relay.oidc.OidcSignIn;
import dev.baton.relay.push.Vapid;
import dev.baton.relay.push.WebPushSender;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.StoreLocation;
import dev.baton.relay.store.redis.RedisStore;
import dev.baton.relay.tls.CertificateReloader;
import dev.baton.relay.tls.PemKeyStore;
import dev.baton.relay.tls.TrustedProxyCustomizer;
import dev.baton.relay.work.LocalWorkQueue;
import dev.baton.relay.work.WorkQueue;
import dev.baton.relay.ws.InputRateLimiter;
import dev.baton.relay.ws.SocketLimiter;
import dev.baton.relay.ws.StreamLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running relay: the standalone {@code baton relay}, the embedded one, and the one tests start. */
public final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** How long {@link #close()} waits for streams to finish their closing handshake. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** How often the TLS files are checked for a renewed certificate. */
    private static final long CERTIFICATE_CHECK_SECONDS = 2;

    private static final int INPUT_BUFFER_BYTES = 1024;
    /**
     * The VAPID contact (RFC 8292 §2.1) of a relay without an https public URL; push services accept it
     * and it names no one.
     */
    private static final String PUSH_CONTACT = "mailto:relay@baton.invalid";

    private final Server server;
    private final RelayStore store;
    private final Accounts accounts;
    private final Hub hub;
    private final ScheduledExecutorService timers;
    private final WebPushSender pusher;
    private final Readiness readiness;
    private final Duration drainTime;
    private final int port;
    private final int metricsPort;
    private final URI url;

    /** What {@link #start} built, handed over in one piece. */
    private record Parts(
            Server server,
            RelayStore store,
            Accounts accounts,
            Hub hub,
            ScheduledExecutorService timers,
            WebPushSender pusher,
            Readiness readiness,
            Duration drainTime,
            int port,
            int metricsPort,
            URI url) {}

    private Relay(Parts parts) {
        this.server = parts.server();
        this.store = parts.store();
        this.accounts = parts.accounts();
        this.hub = parts.hub();
        this.timers = parts.timers();
        this.pusher = parts.pusher();
        this.readiness = parts.readiness();
        this.drainTime = parts.drainTime();
        this.port = parts.port();
        this.metricsPort = parts.metricsPort();
        this.url = parts.url();
    }

    /** Binds and starts serving; returns once the port accepts connections. */
    public static Relay start(RelayConfig config) throws Exception {
        RelayStore store = config.storeLocation().open(config.tailLimit());
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("relay-timers").daemon().factory());
        Server server = null;
        WebPushSender pusher = null;
        try {
            Clock clock = config.clock();
            TokenService tokens = new TokenService(store, clock);
            Accounts accounts = new Accounts(store, tokens, clock);
            WorkQueue work = store instanceof RedisStore shared ? shared.workQueue() : new LocalWorkQueue();
            VapidKeys vapid = Vapid.load(store);
            URI subjectUrl = config.publicUrl();
            pusher = new WebPushSender(
                    store,
                    vapid,
                    subjectUrl != null && "https".equalsIgnoreCase(subjectUrl.getScheme())
                            ? subjectUrl.toString()
                            : PUSH_CONTACT);
            SessionBus bus = store instanceof RedisStore shared ? shared.sessionBus() : SessionBus.LOCAL;
            Hub hub = new Hub(store, work, bus, clock, config.pingInterval(), config.livenessTimeout(), pusher);

            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("relay");
            // Long polls and store calls block; on virtual threads that costs nothing.
            threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            // Naming the server and its version only helps whoever scans for a vulnerable one.
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // Each connection's parser would build its own cache of header fields (an ~70 KB trie) that a
            // WebSocket keeps for its whole life; at thousands of idle device streams that was 90% of
            // the heap per socket. Requests here are few and small, so parsing every header costs nothing.
            http.setHeaderCacheSize(0);
            if (!config.trustedProxies().isEmpty()) {
                http.addCustomizer(new TrustedProxyCustomizer(config.trustedProxies()));
            }
            SslContextFactory.Server ssl = config.tls() ? tls(config, http) : null;
            ServerConnector connector = ssl == null
                    ? new ServerConnector(server, new HttpConnectionFactory(http))
                    : new ServerConnector(
                            server,
                            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                            new HttpConnectionFactory(http));
            connector.setHost(config.bind());
            connector.setPort(config.port());
            server.addConnector(connector);
            connector.open(); // bind now, so a port 0 is known before the URLs are built
            int port = connector.getLocalPort();
            URI url = publicUrl(config, port);
            ServerConnector metricsListener = metricsListener(server, config);
            RelayMetrics metrics = new RelayMetrics();
            Readiness readiness = new Readiness(store);

            WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(server, container -> {
                // Liveness decides when a stream is dead; Jetty's idle timeout is only a backstop.
                container.setIdleTimeout(config.livenessTimeout().multipliedBy(2));
                // The endpoint reads frames itself and enforces maxFrameBytes as their fragments stream
                // in; Jetty must neither refuse (and close) first nor hold a large frame whole.
                container.setMaxTextMessageSize(-1);
                container.setMaxBinaryMessageSize(-1);
                container.setAutoFragment(true);
                // A socket being read holds a buffer this large. Frames are mostly a few hundred bytes;
                // a larger one only takes more reads.
                container.setInputBufferSize(INPUT_BUFFER_BYTES);
            });
            RelayHandler handler = new RelayHandler(
                    new RelayHandler.Services(
                            store,
                            tokens,
                            accounts,
                            hub,
                            work,
                            new SocketLimiter(config.socketsPerToken()),
                            new SocketLimiter(config.streamsPerAccount()),
                            new InputRateLimiter(config.inputsPerSecond()),
                            new InputRateLimiter(config.controlsPerSecond()),
                            new SessionUrls(url),
                            clock,
                            new StreamLimits(config.maxFrameBytes(), config.maxQueuedBytes()),
                            config.livenessTimeout(),
                            new RelayHandler.Exposure(url, config.allowedOrigins(), config.bind(), port),
                            new DeviceGrants(clock, config.deviceCodeLifetime(), config.deviceCodeInterval()),
                            new RelayHandler.Push(Vapid.applicationServerKey(vapid), config.pushToLoopback()),
                            Optional.ofNullable(config.oidc()).map(OidcSignIn::new),
                            metrics,
                            readiness),
                    websockets.getServerWebSocketContainer());
            websockets.setHandler(handler);
            server.setHandler(new MetricsEndpoint(metricsListener, metrics, new StatusCounter(metrics, websockets)));
            server.setErrorHandler(new JsonErrorHandler());
            server.start();

            Liveness liveness = new Liveness(hub, config.livenessTimeout());
            long pingMillis = config.pingInterval().toMillis();
            long checkMillis =
                    Math.max(10, Math.min(pingMillis, config.livenessTimeout().toMillis()) / 4);
            timers.scheduleAtFixedRate(liveness::pingAll, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
            timers.scheduleAtFixedRate(liveness::closeSilent, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
            timers.scheduleAtFixedRate(tokens::purgeExpired, 1, 1, TimeUnit.MINUTES);
            if (ssl != null) {
                CertificateReloader reloader = new CertificateReloader(ssl, config.tlsCertificate(), config.tlsKey());
                timers.scheduleWithFixedDelay(
                        reloader, CERTIFICATE_CHECK_SECONDS, CERTIFICATE_CHECK_SECONDS, TimeUnit.SECONDS);
            }
            LOG.info("relay listening on {} (bound to {}:{})", url, config.bind(), port);
            int metricsPort = metricsListener == null ? -1 : metricsListener.getLocalPort();
            if (metricsListener != null) {
                LOG.info("relay metrics on http://{}:{}/metrics", config.metricsBind(), metricsPort);
            }
            return new Relay(new Parts(
                    server,
                    store,
                    accounts,
                    hub,
                    timers,
                    pusher,
                    readiness,
                    config.drainTime(),
                    port,
                    metricsPort,
                    url));
        } catch (Exception | Error e) {
            timers.shutdownNow();
            if (pusher != null) {
                pusher.close();
            }
            if (server != null) {
                server.stop();
            }
            store.close();
            throw e;
        }
    }

    /**
     * Mints an account token without starting a server, for {@code baton relay token create}.
     *
     * @throws IllegalStateException when a running relay holds {@code dataDir}
     */
    public static String createAccountToken(Path dataDir, String user) {
        return createAccountToken(new StoreLocation.Embedded(dataDir), user);
    }

    /**
     * Mints an account token straight into {@code store}, for {@code baton relay token create --store}.
     *
     * @throws IllegalStateException when a running relay holds the embedded store's directory
     * @throws dev.baton.relay.store.StoreException when the store cannot be opened
     */
    public static String createAccountToken(StoreLocation store, String user) {
        try (RelayAdmin admin = RelayAdmin.open(store)) {
            return admin.accounts().createAccountToken(user).token();
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return port;
    }

    /** The port of the metrics listener, or -1 when there is none. */
    public int metricsPort() {
        return metricsPort;
    }

    /** The base URL devices and backends use, without a trailing slash. */
    public URI url() {
        return url;
    }

    /** Bytes queued to all open streams and not yet written; what a slow reader can pin. */
    long queuedBytes() {
        return hub.peers().stream().mapToLong(Peer::queuedBytes).sum();
    }

    /** How many streams are open. */
    int openStreams() {
        return hub.peers().size();
    }

    /** Mints a full-scope account token (30 days) for {@code user}, creating the account if new. */
    public String createAccountToken(String user) {
        return accounts.createAccountToken(user).token();
    }

    /**
     * Drains (readiness turns 503 for the drain time while the relay still serves), then stops
     * accepting, closes every stream (1001), and flushes the store.
     */
    @Override
    public void close() {
        drain();
        timers.shutdownNow();
        pusher.close();
        for (Peer peer : hub.peers()) {
            peer.close(1001, "relay shutting down");
        }
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        try {
            while (!hub.peers().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the relay's server did not stop cleanly", e);
        } finally {
            store.close();
        }
        LOG.info("relay on {} stopped", url);
    }

    /**
     * A balancer polls readiness every few seconds; the relay keeps serving until it has noticed, so no
     * request is sent to a node that is already gone. Waiting is the point here: nothing signals that
     * every balancer has looked.
     */
    private void drain() {
        readiness.drain();
        if (drainTime.isZero()) {
            return;
        }
        LOG.info("relay on {} draining for {} before it closes", url, drainTime);
        try {
            Thread.sleep(drainTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The metrics listener, bound now like the main one, or null when none is configured. */
    private static ServerConnector metricsListener(Server server, RelayConfig config) throws IOException {
        if (config.metricsPort() < 0) {
            return null;
        }
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector listener = new ServerConnector(server, new HttpConnectionFactory(http));
        listener.setName("metrics");
        listener.setHost(config.metricsBind());
        listener.setPort(config.metricsPort());
        server.addConnector(listener);
        listener.open();
        return listener;
    }

    private static SslContextFactory.Server tls(RelayConfig config, HttpConfiguration http) throws IOException {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemKeyStore.load(config.tlsCertificate(), config.tlsKey()));
        ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach a relay by IP address as often as by name; the certificate is theirs to check.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        return ssl;
    }

    static URI publicUrl(RelayConfig config, int port) {
        if (config.publicUrl() != null) {
            String text = config.publicUrl().toString();
            return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        }
        // A relay on every address is there to be reached from other machines: its URLs name the address
        // they most likely use, not loopback.
        String host = config.bind() == null
                        || config.bind().equals("0.0.0.0")
                        || config.bind().equals("::")
                ? NetworkAddress.first().map(InetAddress::getHostAddress).orElse("127.0.0.1")
                : config.bind();
        return URI.create(
                (config.tls() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
}
