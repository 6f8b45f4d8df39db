package dev.baton.relay;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run a relay.
 *
 * @param publicUrl the base URL devices use (session URLs are built from it); null means
 *     {@code http://<bind>:<actual port>}
 * @param dataDir where the embedded store keeps its state; null keeps everything in memory
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
        Duration livenessTimeout) {

    public static RelayConfig defaults() {
        return new RelayConfig(
                "127.0.0.1", 7420, null, null, 10_000, 1 << 20, 20, 8, Duration.ofSeconds(10), Duration.ofSeconds(30));
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
                livenessTimeout);
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
                livenessTimeout);
    }
}
