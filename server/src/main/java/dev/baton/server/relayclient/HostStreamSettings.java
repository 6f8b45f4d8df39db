package dev.baton.server.relayclient;

import java.time.Duration;

/**
 * The host stream's timing and size limits (PROTOCOL.md §5); tests shorten them.
 *
 * @param pingInterval how often the host pings the relay
 * @param silenceTimeout how long without a frame from the relay before the stream counts as dead
 * @param firstRetry the delay before the first reconnection attempt
 * @param maxRetry the longest delay between attempts
 * @param maxFrameBytes the budget for one {@code events} frame, well under the relay's 1 MiB limit
 */
public record HostStreamSettings(
        Duration pingInterval, Duration silenceTimeout, Duration firstRetry, Duration maxRetry, int maxFrameBytes) {

    public static HostStreamSettings defaults() {
        return new HostStreamSettings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMillis(250),
                Duration.ofSeconds(30),
                256 * 1024);
    }
}
