package dev.baton.relay.store;

import java.time.Instant;

/**
 * A user of the relay. A user without an organization has a personal account: Remote Control is on and
 * the user is its owner. The flag is stored so a policy can turn a personal account's Remote Control off
 * too. A user in an organization gets Remote Control from the organization's policy and a role in it.
 *
 * @param org the organization's name, absent for a personal account (and in data written before
 *     organizations existed)
 * @param role the user's role in {@code org}; absent reads as owner for a personal account and member in
 *     an organization
 */
public record Account(String id, String user, boolean remoteControlEnabled, Instant createdAt, String org, Role role) {

    /** A personal account. */
    public Account(String id, String user, boolean remoteControlEnabled, Instant createdAt) {
        this(id, user, remoteControlEnabled, createdAt, null, null);
    }

    public boolean personal() {
        return org == null;
    }

    /** The role that counts: a personal account owns itself, and a missing role grants least. */
    public Role effectiveRole() {
        if (personal()) {
            return Role.OWNER;
        }
        return role == null ? Role.MEMBER : role;
    }
}
