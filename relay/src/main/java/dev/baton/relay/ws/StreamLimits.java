package dev.baton.relay.ws;

/**
 * What one stream may cost the relay.
 *
 * @param maxFrameBytes the largest frame accepted from the peer
 * @param maxQueuedBytes the most bytes queued to the peer and not yet written
 */
public record StreamLimits(int maxFrameBytes, long maxQueuedBytes) {}
