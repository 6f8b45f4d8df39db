package dev.baton.relay.hub.presence;

import dev.baton.protocol.frame.Frames.Ping;
import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.hub.Peer;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay pings every stream, and a stream it has not heard from within the timeout is
 * dead. A silent host is marked offline (devices hear at once) before its socket is closed. The relay runs
 * both checks for all streams on its one timer thread, not a thread per session.
 */
public final class Liveness {
    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
    private static final EncodedFrame PING = EncodedFrame.of(new Ping());

    private final Hub hub;
    private final Duration timeout;
    private final LongSupplier nanoTime;

    public Liveness(Hub hub, Duration timeout) {
        this(hub, timeout, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock that {@link Peer#lastHeardNanos()} is read against */
    public Liveness(Hub hub, Duration timeout, LongSupplier nanoTime) {
        this.hub = hub;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    public void pingAll() {
        hub.peers().forEach(peer -> peer.send(PING));
    }

    public void closeSilent() {
        long now = nanoTime.getAsLong();
        for (Peer peer : hub.peers()) {
            if (now - peer.lastHeardNanos() > timeout.toNanos()) {
                LOG.info("closing a {} stream of session {}: silent for {}", role(peer), peer.sessionId(), timeout);
                hub.closed(peer);
                peer.close(1001, "silent for " + timeout.toSeconds() + " s");
            }
        }
    }

    private static String role(Peer peer) {
        return peer.deviceId() == null ? "host" : "device";
    }
}
