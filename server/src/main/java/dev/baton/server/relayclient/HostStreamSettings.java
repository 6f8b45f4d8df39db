package dev.baton.server.relayclient;

import java.time.Duration;

/**
 * The host stream's timing and size limits. By default it pings every 10 s and a stream silent for 30 s
 * is dead; that is only where a stream starts: the relay's {@code welcome} replaces both with its own, so
 * both ends agree on when a silent stream is dead.
 *
 * @param pingInterval how often the host pings the relay
 * @param silenceTimeout how long without a frame from the relay before the stream counts as dead
 * @param maxFrameBytes the budget for one {@code events} frame, well under the relay's 1 MiB limit
 * @param offlineTimeout how long the relay may stay unreachable before Remote Control turns itself off
 */
public record HostStreamSettings(
        Duration pingInterval, Duration silenceTimeout, int maxFrameBytes, Duration offlineTimeout) {
    public static final Duration DEFAULT_OFFLINE_TIMEOUT = Duration.ofMinutes(10);

    public static HostStreamSettings defaults() {
        return new HostStreamSettings(
                Duration.ofSeconds(10), Duration.ofSeconds(30), 256 * 1024, DEFAULT_OFFLINE_TIMEOUT);
    }

    public HostStreamSettings withOfflineTimeout(Duration value) {
        return new HostStreamSettings(pingInterval, silenceTimeout, maxFrameBytes, value);
    }

    Liveness liveness() {
        return new Liveness(pingInterval, silenceTimeout);
    }

    /** How often to ping, and how long a silence means death: one pair, learned from the relay. */
    record Liveness(Duration pingInterval, Duration silenceTimeout) {}
}
