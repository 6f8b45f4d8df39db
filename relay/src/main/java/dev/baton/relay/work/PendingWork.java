package dev.baton.relay.work;

import dev.baton.protocol.relay.WorkKind;

/** A unit of work waiting for its environment to poll; the session token is minted on delivery. */
public record PendingWork(String workId, WorkKind kind, String sessionId) {}
