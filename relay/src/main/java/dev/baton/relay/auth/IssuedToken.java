package dev.baton.relay.auth;

import java.time.Instant;

/** A freshly minted token: the only moment its text exists on the relay. */
public record IssuedToken(String token, Instant expiresAt) {}
