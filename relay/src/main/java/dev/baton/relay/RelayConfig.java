package dev.baton.relay;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How to run a relay.
 *
 * @param publicUrl the base URL devices use (session URLs are built from it); null means
 *     {@code http://<bind>:<actual port>}
 * @param dataDir where the embedded store keeps its state; null keeps everything in memory
 * @param tailLimit how many events the relay keeps per session
 * @param maxFrameBytes the largest stream frame accepted; a larger one is answered with {@code too_large}
 * @param inputsPerSecond per device, across its streams
 * @param socketsPerToken open streams per token (per device token for device streams)
 * @param pingInterval how often the relay pings each stream
 * @param livenessTimeout how long a stream may stay silent before it counts as dead
 * @param clock decides token expiry; tests move it forward instead of waiting
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
        Duration pingInterval,
        Duration livenessTimeout,
        Clock clock) {

    public RelayConfig(
            String bind,
            int port,
            Path dataDir,
            URI publicUrl,
            int tailLimit,
            int maxFrameBytes,
            int inputsPerSecond,
            int socketsPerToken,
            Duration pingInterval,
            Duration livenessTimeout) {
        this(
                bind,
                port,
                dataDir,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                Clock.systemUTC());
    }

    public static RelayConfig defaults() {
        return new RelayConfig(
                "127.0.0.1", 7420, null, null, 10_000, 1 << 20, 20, 8, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public RelayConfig withBind(String value) {
        return new RelayConfig(
                value,
                port,
                dataDir,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                clock);
    }

    public RelayConfig withPort(int value) {
        return new RelayConfig(
                bind,
                value,
                dataDir,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                clock);
    }

    public RelayConfig withDataDir(Path value) {
        return new RelayConfig(
                bind,
                port,
                value,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                clock);
    }

    public RelayConfig withPublicUrl(URI value) {
        return new RelayConfig(
                bind,
                port,
                dataDir,
                value,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                clock);
    }

    public RelayConfig withTailLimit(int value) {
        return new RelayConfig(
                bind,
                port,
                dataDir,
                publicUrl,
                value,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                clock);
    }

    public RelayConfig withMaxFrameBytes(int value) {
        return new RelayConfig(
                bind,
                port,
                dataDir,
                publicUrl,
                tailLimit,
                value,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                clock);
    }

    public RelayConfig withInputsPerSecond(int value) {
        return new RelayConfig(
                bind,
                port,
                dataDir,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                value,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                clock);
    }

    public RelayConfig withSocketsPerToken(int value) {
        return new RelayConfig(
                bind,
                port,
                dataDir,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                value,
                pingInterval,
                livenessTimeout,
                clock);
    }

    /** Both liveness intervals at once: they only make sense together. */
    public RelayConfig withLiveness(Duration ping, Duration timeout) {
        return new RelayConfig(
                bind,
                port,
                dataDir,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                ping,
                timeout,
                clock);
    }

    public RelayConfig withClock(Clock value) {
        return new RelayConfig(
                bind,
                port,
                dataDir,
                publicUrl,
                tailLimit,
                maxFrameBytes,
                inputsPerSecond,
                socketsPerToken,
                pingInterval,
                livenessTimeout,
                value);
    }
}
