package dev.baton.relay.store;

import java.time.Instant;

/**
 * A team on the relay and its Remote Control policy. A new organization has not decided ({@code
 * remoteControl} absent): Remote Control stays off until an admin turns it on. {@code locked} is a
 * compliance lock that keeps it off; it must be lifted before Remote Control can be turned on.
 *
 * @param remoteControl {@code true} on, {@code false} turned off by an admin, absent never turned on
 */
public record Organization(String name, Boolean remoteControl, boolean locked, Instant createdAt) {
    public static Organization create(String name, Instant now) {
        return new Organization(name, null, false, now);
    }

    public boolean remoteControlOn() {
        return Boolean.TRUE.equals(remoteControl) && !locked;
    }

    public Organization withRemoteControl(boolean on) {
        return new Organization(name, on, locked, createdAt);
    }

    /** Locking also turns Remote Control off; unlocking leaves it off until someone turns it on. */
    public Organization withLock(boolean lock) {
        return new Organization(name, lock ? Boolean.FALSE : remoteControl, lock, createdAt);
    }
}
