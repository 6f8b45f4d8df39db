package dev.baton.relay.store;

import java.time.Instant;

/**
 * A stored token: only its SHA-256 hash, never the token itself.
 *
 * @param hash lowercase hex SHA-256 of the whole token text
 * @param subjectId what the token is for: the account, environment, session or device id
 */
public record TokenRecord(String hash, Scope scope, String accountId, String subjectId, Instant expiresAt) {}
