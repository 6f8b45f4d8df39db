package dev.baton.relay.store;

import dev.baton.protocol.relay.PushNotify;
import java.time.Instant;

/** A device's Web Push subscription (one per device) and which pushes it wants. */
public record PushSubscriptionRecord(
        String deviceId,
        String accountId,
        String endpoint,
        String p256dh,
        String auth,
        PushNotify notifyOn,
        Instant createdAt) {}
