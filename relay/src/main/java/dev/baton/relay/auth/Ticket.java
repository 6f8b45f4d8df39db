package dev.baton.relay.auth;

/**
 * What a redeemed stream ticket grants.
 *
 * @param deviceTokenHash the device token it was minted from, which the socket limit counts against
 */
public record Ticket(String accountId, String deviceId, String sessionId, String deviceTokenHash) {}
