package dev.baton.relay.hub;

import dev.baton.protocol.frame.Frames.Ping;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PROTOCOL §5: the relay pings every stream, and a stream it has not heard from within the timeout is
 * dead. A silent host is marked offline (devices hear at once) before its socket is closed.
 */
public final class Liveness {
    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
    private static final Ping PING = new Ping();

    private final Hub hub;
    private final Duration timeout;

    public Liveness(Hub hub, Duration timeout) {
        this.hub = hub;
        this.timeout = timeout;
    }

    public void pingAll() {
        hub.peers().forEach(peer -> peer.send(PING));
    }

    public void closeSilent() {
        long now = System.nanoTime();
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
