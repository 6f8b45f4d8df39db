package dev.baton.relay.store;

import dev.baton.protocol.relay.SpawnMode;
import java.time.Instant;

/** A backend that registered itself to host sessions (and, in server mode, to spawn them). */
public record EnvironmentRecord(
        String id,
        String accountId,
        String name,
        String hostname,
        String directory,
        SpawnMode spawnMode,
        int capacity,
        Instant createdAt) {}
