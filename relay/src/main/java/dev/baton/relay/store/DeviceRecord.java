package dev.baton.relay.store;

import java.time.Instant;

/** A browser or phone that redeemed a pairing code. */
public record DeviceRecord(String id, String accountId, String name, Instant createdAt, Instant lastSeen) {
    public DeviceRecord seenAt(Instant when) {
        return new DeviceRecord(id, accountId, name, createdAt, when);
    }
}
