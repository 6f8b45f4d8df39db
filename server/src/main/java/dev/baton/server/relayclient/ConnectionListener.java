package dev.baton.server.relayclient;

import dev.baton.protocol.editor.ConnectionState;

/** Hears every change of a host stream's state, in order. Must not block. */
@FunctionalInterface
public interface ConnectionListener {
    /** @param detail why, for the states that have a reason ({@code reconnecting}, {@code offline}); else null */
    void onStateChanged(ConnectionState state, String detail);
}
