package dev.baton.relay.store;

import java.time.Instant;

/**
 * A user of the relay. Personal accounts have Remote Control on; the flag is stored so an organisation
 * policy can turn it off and the refusal has somewhere to come from.
 */
public record Account(String id, String user, boolean remoteControlEnabled, Instant createdAt) {}
