package dev.baton.relay.store;

import java.time.Instant;

/**
 * A stored stream ticket: only its SHA-256 hash, and what it grants once redeemed.
 *
 * @param hash lowercase hex SHA-256 of the whole ticket text
 * @param deviceTokenHash the device token it was minted from: the ticket is good only while that is
 * @param used whether it was redeemed already; a store keeps a used ticket until {@link #forgetAt} so a
 *     reuse is recognised as such
 */
public record TicketRecord(
        String hash,
        String accountId,
        String deviceId,
        String sessionId,
        String deviceTokenHash,
        Instant expiresAt,
        boolean used) {

    /** When a store may drop the ticket: one lifetime after it expired. */
    public Instant forgetAt() {
        return expiresAt.plus(Scope.TICKET.lifetime());
    }

    public TicketRecord spent() {
        return new TicketRecord(hash, accountId, deviceId, sessionId, deviceTokenHash, expiresAt, true);
    }
}
