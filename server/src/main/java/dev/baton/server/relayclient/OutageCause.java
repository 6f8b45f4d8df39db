package dev.baton.server.relayclient;

import dev.baton.protocol.editor.ConnectionReason;
import java.util.Optional;

/**
 * Why the relay cannot be reached, when something besides the host stream has found out (the embedded
 * relay's port taken by a program that is not a relay, say). The stream only sees failed attempts; this
 * says what to do about them, and the stream shows it while it keeps retrying.
 */
@FunctionalInterface
public interface OutageCause {
    /** Nothing is known beyond what the stream sees itself. */
    OutageCause NONE = Optional::empty;

    /** The cause as of now, or empty when there is none (any more). */
    Optional<Found> find();

    /**
     * @param reason for programs: the status's {@code reason}
     * @param detail for people: what is wrong and how to fix it
     */
    record Found(ConnectionReason reason, String detail) {}
}
