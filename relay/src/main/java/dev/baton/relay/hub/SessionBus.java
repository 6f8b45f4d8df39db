package dev.baton.relay.hub;

import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.ErrorFrame;
import dev.baton.protocol.frame.Frames.InputFrame;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How committed events reach devices of a session connected to other relay nodes. On one node every
 * device hears the host's events through its route already, so {@link #LOCAL} does nothing; nodes on
 * one Redis publish each committed batch and listen to the sessions they have devices of. The other
 * way, an input accepted on a node without the session's host goes to the node that holds it.
 */
public interface SessionBus {
    /** A committed batch of one session, as published by the node holding its host. */
    record Batch(String sessionId, String epoch, List<SealedEvent> events) {}

    /**
     * Who follows a session through one node: the distinct device ids with a subscribed stream there,
     * and those of them whose page is in front of its user.
     */
    record Audience(Set<String> devices, Set<String> looking) {
        public static final Audience NONE = new Audience(Set.of(), Set.of());

        public Audience {
            devices = Set.copyOf(devices);
            looking = Set.copyOf(looking);
        }

        public boolean isEmpty() {
            return devices.isEmpty();
        }
    }

    /** What a node with devices of a session hears from the others. */
    interface Follower {
        void batch(Batch batch);

        /** The session's host came online on, or left, another node. */
        void presence(String sessionId, boolean online);

        /** Nobody will host the session now, for the reason told ({@link #notHosted}). */
        void notHosted(String sessionId, ErrorFrame why);
    }

    /** What the node holding a session's host hears from the others. */
    interface Holder {
        /** An input a device sent to another node; it is kept in the store already. */
        void input(String sessionId, InputFrame input);

        /** The session's audience on the other nodes ({@link #elsewhere}) changed. */
        void audienceChanged(String sessionId);

        /** Another node paired or revoked a device of the session's account ({@link #devicesChanged}). */
        void devicesChanged(String sessionId);

        /**
         * A host of the session said hello on another node with {@code epoch}, as the session's hello
         * number {@code hello} (see {@link #host}). A host here of an epoch the session has left is a
         * replaced one, and so is a host here of the same epoch with a lower number: the same backend
         * reconnected through another node while its old stream lingers here.
         */
        void helloElsewhere(String sessionId, String epoch, long hello);
    }

    /** One relay process: its routes are the whole audience. */
    SessionBus LOCAL = new SessionBus() {
        @Override
        public void publish(Batch batch) {}

        @Override
        public void follow(String sessionId, Follower follower) {}

        @Override
        public void unfollow(String sessionId) {}

        @Override
        public boolean offerInput(String sessionId, InputFrame input) {
            return false;
        }

        @Override
        public long host(String sessionId, String epoch, Holder holder) {
            return 0; // one node: a second hello replaces its host on the route itself
        }

        @Override
        public void devicesChanged(String sessionId) {}

        @Override
        public void audience(String sessionId, Audience here) {}

        @Override
        public Audience elsewhere(String sessionId) {
            return Audience.NONE;
        }

        @Override
        public void unhost(String sessionId) {}

        @Override
        public void handOver(String sessionId) {}

        @Override
        public Optional<Boolean> hostOnline(String sessionId) {
            return Optional.empty();
        }

        @Override
        public boolean followedOnOtherNodes(String sessionId) {
            return false;
        }

        @Override
        public void notHosted(String sessionId, ErrorFrame why) {}
    };

    /** Tells the other nodes of a batch this node committed. */
    void publish(Batch batch);

    /**
     * Starts handing {@code follower} what other nodes publish for {@code sessionId}; returns once it
     * will arrive, so a tail read afterwards misses nothing. {@code follower} runs on a thread of the bus,
     * never on the caller's.
     */
    void follow(String sessionId, Follower follower);

    /** Stops listening: this node has no device of the session any more. */
    void unfollow(String sessionId);

    /**
     * Hands an input (already kept in the store) to the node holding the session's host; true when one
     * heard it. A false answer is what a node without the host tells the device: queued.
     */
    boolean offerInput(String sessionId, InputFrame input);

    /**
     * A host said hello with {@code epoch} on this node, which now holds the session's host: the other
     * nodes learn that the host is online, a node holding an earlier host of the session hears
     * {@link Holder#helloElsewhere}, and from now on {@code holder} hears (on a thread of the bus) what
     * the other nodes send this session's host.
     *
     * @return this hello's number: of two hellos of a session on any nodes, the later one has the higher
     *     number; a notice of a hello this node heard of before listening has a lower one
     */
    long host(String sessionId, String epoch, Holder holder);

    /** Tells the node holding the session's host, wherever it is, that its account's devices changed. */
    void devicesChanged(String sessionId);

    /** This node's audience of the session is now {@code here} (none left: {@link Audience#NONE}). */
    void audience(String sessionId, Audience here);

    /**
     * The session's audience on every other node, as last heard, for a session this node hosts: a
     * viewer count and "is anyone looking" must count devices wherever they are connected.
     */
    Audience elsewhere(String sessionId);

    /** The host left this node, and the session has none now unless another node's took it meanwhile. */
    void unhost(String sessionId);

    /**
     * This node's host was replaced by a host on another node: this node stops holding the session and
     * leaves its presence, online, to the new host's node.
     */
    void handOver(String sessionId);

    /**
     * Whether the session's host is online on any node, when the bus knows better than this node's own
     * presence (empty on one process).
     */
    Optional<Boolean> hostOnline(String sessionId);

    /**
     * Whether a device follows the session through another node now, whether or not this node holds its
     * host (unlike {@link #elsewhere}, which is kept only for the sessions this node hosts).
     */
    boolean followedOnOtherNodes(String sessionId);

    /**
     * Tells the nodes with devices of the session that nobody will host it now, and why: its environment
     * is full, or took the work and declined it.
     */
    void notHosted(String sessionId, ErrorFrame why);
}
