package dev.baton.relay.hub;

/** One open stream, as the hub sees it: something to send frames to and to close. */
public interface Peer {
    String sessionId();

    /** The device behind a device stream; null on a host stream. */
    String deviceId();

    /** Queues a frame without blocking; a closed peer drops it. */
    default void send(Object frame) {
        send(EncodedFrame.of(frame));
    }

    /** Queues a frame serialised beforehand, as a fan-out does once for all its devices. */
    void send(EncodedFrame frame);

    void close(int code, String reason);

    /** Bytes of frames queued to the peer and not yet written to its socket. */
    long queuedBytes();

    /** {@link System#nanoTime()} when the peer was last heard from. */
    long lastHeardNanos();
}
