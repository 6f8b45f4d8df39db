package dev.baton.server.relayclient;

import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;

/** Hears every change of a host stream's state, in order. Must not block. */
@FunctionalInterface
public interface ConnectionListener {
    /**
     * @param detail why, for the states that have a reason ({@code reconnecting}, {@code offline}, an
     *     {@code off} the stream chose); else null
     * @param reason set when the stream turned itself {@code off} (the offline limit), or when its
     *     {@link OutageCause} knows why it is {@code reconnecting}; else null
     */
    void onStateChanged(ConnectionState state, String detail, ConnectionReason reason);
}
