package dev.baton.relay.hub;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.frame.Frames.InputFrame;
import java.util.List;
import java.util.function.Consumer;

/**
 * How committed events reach devices of a session connected to other relay nodes. On one node every
 * device hears the host's events through its route already, so {@link #LOCAL} does nothing; nodes on
 * one Redis publish each committed batch and listen to the sessions they have devices of. The other
 * way, an input accepted on a node without the session's host goes to the node that holds it.
 */
public interface SessionBus {
    /** A committed batch of one session, as published by the node holding its host. */
    record Batch(String sessionId, String epoch, List<Event> events) {}

    /** One relay process: its routes are the whole audience. */
    SessionBus LOCAL = new SessionBus() {
        @Override
        public void publish(Batch batch) {}

        @Override
        public void follow(String sessionId, Consumer<Batch> deliver) {}

        @Override
        public void unfollow(String sessionId) {}

        @Override
        public boolean offerInput(String sessionId, InputFrame input) {
            return false;
        }

        @Override
        public void host(String sessionId, Consumer<InputFrame> deliver) {}

        @Override
        public void unhost(String sessionId) {}
    };

    /** Tells the other nodes of a batch this node committed. */
    void publish(Batch batch);

    /**
     * Starts handing {@code deliver} the batches other nodes publish for {@code sessionId}; returns once
     * they will arrive, so a tail read afterwards misses nothing. {@code deliver} runs on a thread of the
     * bus, never on the caller's.
     */
    void follow(String sessionId, Consumer<Batch> deliver);

    /** Stops listening: this node has no device of the session any more. */
    void unfollow(String sessionId);

    /**
     * Hands an input (already kept in the store) to the node holding the session's host; true when one
     * heard it. A false answer is what a node without the host tells the device: queued.
     */
    boolean offerInput(String sessionId, InputFrame input);

    /** This node holds the session's host: {@code deliver} gets inputs offered on other nodes. */
    void host(String sessionId, Consumer<InputFrame> deliver);

    /** The host left this node. */
    void unhost(String sessionId);
}
