package dev.baton.relay;

import dev.baton.relay.oidc.OidcSettings;
import dev.baton.relay.store.StoreLocation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to run a relay.
 *
 * @param publicUrl the base URL devices use (session URLs are built from it); null means
 *     {@code http://<bind>:<actual port>}, with this machine's first network address for a bind to every
 *     address
 * @param dataDir where the embedded store keeps its state; null keeps everything in memory
 * @param tailLimit how many events the relay keeps per session
 * @param maxFrameBytes the largest stream frame accepted; a larger one is answered with {@code too_large}
 * @param inputsPerSecond per device, across its streams
 * @param socketsPerToken open streams per token (per device token for device streams)
 * @param streamsPerAccount open streams per account, however many tokens and devices it minted
 * @param controlsPerSecond {@code subscribe} and {@code ping} frames per device, across its streams
 * @param maxQueuedBytes frames queued to one stream but not yet written; a stream over it reads too
 *     slowly and is closed
 * @param allowedOrigins origins (besides the public URL's) whose pages may use the relay
 * @param tlsCertificate PEM certificate chain to serve HTTPS and WSS with; null serves plain HTTP
 * @param tlsKey the PEM (PKCS#8) private key of {@code tlsCertificate}
 * @param trustedProxies addresses whose {@code X-Forwarded-*} headers are believed (a TLS balancer)
 * @param pingInterval how often the relay pings each stream
 * @param livenessTimeout how long a stream may stay silent before it counts as dead
 * @param clock decides token expiry; tests move it forward instead of waiting
 * @param deviceCodeLifetime how long a device code (RFC 8628) waits for approval
 * @param deviceCodeInterval how often a backend may poll for its device code's token
 * @param pushToLoopback accept Web Push endpoints on {@code http://127.0.0.1} (a fake push service in
 *     tests); off, only {@code https} endpoints on a host name are accepted
 * @param oidc an OpenID Connect provider the web page offers for signing in; null offers passwords only
 * @param store where the relay keeps its state when not in {@code dataDir} (Redis); null means the
 *     embedded store in {@code dataDir}
 * @param metricsBind the address of the metrics listener
 * @param metricsPort the port of the metrics listener ({@code GET /metrics}); -1 runs none, 0 any free port
 * @param drainTime how long a closing relay answers {@code /readyz} with 503 while still serving, so a
 *     balancer stops sending it new requests before its streams close
 */
public record RelayConfig(
        String bind,
        int port,
        Path dataDir,
        URI publicUrl,
        int tailLimit,
        int maxFrameBytes,
        int inputsPerSecond,
        int socketsPerToken,
        int streamsPerAccount,
        int controlsPerSecond,
        long maxQueuedBytes,
        List<String> allowedOrigins,
        Path tlsCertificate,
        Path tlsKey,
        List<String> trustedProxies,
        Duration pingInterval,
        Duration livenessTimeout,
        Clock clock,
        Duration deviceCodeLifetime,
        Duration deviceCodeInterval,
        boolean pushToLoopback,
        OidcSettings oidc,
        StoreLocation store,
        String metricsBind,
        int metricsPort,
        Duration drainTime) {

    public static RelayConfig defaults() {
        return new RelayConfig(
                "127.0.0.1",
                7420,
                null,
                null,
                10_000,
                1 << 20,
                20,
                8,
                64,
                10,
                16L << 20,
                List.of(),
                null,
                null,
                List.of(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                false,
                null,
                null,
                "127.0.0.1",
                -1,
                Duration.ZERO);
    }

    public RelayConfig withBind(String value) {
        return with(copy -> copy.bind = value);
    }

    public RelayConfig withPort(int value) {
        return with(copy -> copy.port = value);
    }

    public RelayConfig withDataDir(Path value) {
        return with(copy -> copy.dataDir = value);
    }

    public RelayConfig withPublicUrl(URI value) {
        return with(copy -> copy.publicUrl = value);
    }

    public RelayConfig withTailLimit(int value) {
        return with(copy -> copy.tailLimit = value);
    }

    public RelayConfig withMaxFrameBytes(int value) {
        return with(copy -> copy.maxFrameBytes = value);
    }

    public RelayConfig withInputsPerSecond(int value) {
        return with(copy -> copy.inputsPerSecond = value);
    }

    public RelayConfig withSocketsPerToken(int value) {
        return with(copy -> copy.socketsPerToken = value);
    }

    public RelayConfig withStreamsPerAccount(int value) {
        return with(copy -> copy.streamsPerAccount = value);
    }

    public RelayConfig withControlsPerSecond(int value) {
        return with(copy -> copy.controlsPerSecond = value);
    }

    public RelayConfig withMaxQueuedBytes(long value) {
        return with(copy -> copy.maxQueuedBytes = value);
    }

    public RelayConfig withAllowedOrigins(List<String> value) {
        return with(copy -> copy.allowedOrigins = List.copyOf(value));
    }

    public RelayConfig withTls(Path certificate, Path key) {
        return with(copy -> {
            copy.tlsCertificate = certificate;
            copy.tlsKey = key;
        });
    }

    public RelayConfig withTrustedProxies(List<String> value) {
        return with(copy -> copy.trustedProxies = List.copyOf(value));
    }

    /** Whether the relay itself terminates TLS. */
    public boolean tls() {
        return tlsCertificate != null;
    }

    public RelayConfig withLiveness(Duration ping, Duration timeout) {
        return with(copy -> {
            copy.pingInterval = ping;
            copy.livenessTimeout = timeout;
        });
    }

    public RelayConfig withClock(Clock value) {
        return with(copy -> copy.clock = value);
    }

    /** Device codes' lifetime and polling interval; tests shorten both. */
    public RelayConfig withDeviceCodes(Duration lifetime, Duration interval) {
        return with(copy -> {
            copy.deviceCodeLifetime = lifetime;
            copy.deviceCodeInterval = interval;
        });
    }

    /** For tests only: lets devices subscribe with a fake push service on {@code http://127.0.0.1}. */
    public RelayConfig withPushToLoopback(boolean value) {
        return with(copy -> copy.pushToLoopback = value);
    }

    public RelayConfig withOidc(OidcSettings value) {
        return with(copy -> copy.oidc = value);
    }

    public RelayConfig withStore(StoreLocation value) {
        return with(copy -> copy.store = value);
    }

    /** {@code store}, or the embedded store in {@code dataDir} (memory when that is null too). */
    public StoreLocation storeLocation() {
        return store != null ? store : new StoreLocation.Embedded(dataDir);
    }

    /** A metrics listener on {@code bind:port}; port -1 runs none. */
    public RelayConfig withMetrics(String bind, int port) {
        return with(copy -> {
            copy.metricsBind = bind;
            copy.metricsPort = port;
        });
    }

    public RelayConfig withDrainTime(Duration value) {
        return with(copy -> copy.drainTime = value);
    }

    /** Every {@code with…} method in one place, so adding a component touches one copy, not eleven. */
    private RelayConfig with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    private static final class Copy {
        String bind;
        int port;
        Path dataDir;
        URI publicUrl;
        int tailLimit;
        int maxFrameBytes;
        int inputsPerSecond;
        int socketsPerToken;
        int streamsPerAccount;
        int controlsPerSecond;
        long maxQueuedBytes;
        List<String> allowedOrigins;
        Path tlsCertificate;
        Path tlsKey;
        List<String> trustedProxies;
        Duration pingInterval;
        Duration livenessTimeout;
        Clock clock;
        Duration deviceCodeLifetime;
        Duration deviceCodeInterval;
        boolean pushToLoopback;
        OidcSettings oidc;
        StoreLocation store;
        String metricsBind;
        int metricsPort;
        Duration drainTime;

        Copy(RelayConfig from) {
            bind = from.bind;
            port = from.port;
            dataDir = from.dataDir;
            publicUrl = from.publicUrl;
            tailLimit = from.tailLimit;
            maxFrameBytes = from.maxFrameBytes;
            inputsPerSecond = from.inputsPerSecond;
            socketsPerToken = from.socketsPerToken;
            streamsPerAccount = from.streamsPerAccount;
            controlsPerSecond = from.controlsPerSecond;
            maxQueuedBytes = from.maxQueuedBytes;
            allowedOrigins = from.allowedOrigins;
            tlsCertificate = from.tlsCertificate;
            tlsKey = from.tlsKey;
            trustedProxies = from.trustedProxies;
            pingInterval = from.pingInterval;
            livenessTimeout = from.livenessTimeout;
            clock = from.clock;
            deviceCodeLifetime = from.deviceCodeLifetime;
            deviceCodeInterval = from.deviceCodeInterval;
            pushToLoopback = from.pushToLoopback;
            oidc = from.oidc;
            store = from.store;
            metricsBind = from.metricsBind;
            metricsPort = from.metricsPort;
            drainTime = from.drainTime;
        }

        RelayConfig build() {
            return new RelayConfig(
                    bind,
                    port,
                    dataDir,
                    publicUrl,
                    tailLimit,
                    maxFrameBytes,
                    inputsPerSecond,
                    socketsPerToken,
                    streamsPerAccount,
                    controlsPerSecond,
                    maxQueuedBytes,
                    allowedOrigins,
                    tlsCertificate,
                    tlsKey,
                    trustedProxies,
                    pingInterval,
                    livenessTimeout,
                    clock,
                    deviceCodeLifetime,
                    deviceCodeInterval,
                    pushToLoopback,
                    oidc,
                    store,
                    metricsBind,
                    metricsPort,
                    drainTime);
        }
    }
}
