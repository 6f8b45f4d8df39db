package dev.baton.relay.hub.routing;

import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.hub.SessionBus;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The live side of one session: the stream that hosts it, the device streams subscribed to it, and
 * which of those are in front of their user. Only touched under its own monitor, through {@link Routes}.
 */
public final class Route {
    private Peer host;
    /** The epoch the host said hello with: the only one its events may be stored in. */
    private String hostEpoch;

    private long hostHello;
    /** Whether the host asked for an {@code ack} of each {@code events} frame once stored. */
    private boolean hostWantsAcks;

    private final Set<Peer> devices = new LinkedHashSet<>();
    /** Device streams whose page last said it is in front of its user ({@code visibility}). */
    private final Set<Peer> looking = new LinkedHashSet<>();
    /** Set once the route was dropped from {@link Routes}; a retired route is never used again. */
    boolean retired;

    /** The hosting stream, or null while nobody hosts the session. */
    public Peer host() {
        return host;
    }

    /** The epoch of the hosting stream's {@code hello}, or null while nobody hosts the session. */
    public String hostEpoch() {
        return hostEpoch;
    }

    /** The host's hello number among the session's hellos on every node (see {@code SessionBus.host}). */
    public long hostHello() {
        return hostHello;
    }

    public void hostHello(long number) {
        hostHello = number;
    }

    /** Whether the hosting stream wants its {@code events} frames acknowledged once stored. */
    public boolean hostWantsAcks() {
        return hostWantsAcks;
    }

    /**
     * Makes {@code peer}, which said hello with {@code epoch} (and {@code wantsAcks}), the host; returns the
     * stream it replaces, or null.
     */
    public Peer replaceHost(Peer peer, String epoch, boolean wantsAcks) {
        Peer previous = host;
        host = peer;
        hostEpoch = epoch;
        hostHello = 0;
        hostWantsAcks = wantsAcks;
        return previous;
    }

    /** Forgets {@code peer} as device and as host; true if it was the host. */
    public boolean remove(Peer peer) {
        devices.remove(peer);
        looking.remove(peer);
        if (host == peer) {
            host = null;
            hostEpoch = null;
            hostHello = 0;
            hostWantsAcks = false;
            return true;
        }
        return false;
    }

    public void subscribe(Peer device) {
        devices.add(device);
    }

    public void look(Peer device, boolean inFront) {
        if (inFront) {
            looking.add(device);
        } else {
            looking.remove(device);
        }
    }

    public boolean anyoneLooking() {
        return !looking.isEmpty();
    }

    /** Who follows the session through this node, by device id, as other relay nodes count it. */
    public SessionBus.Audience audience() {
        return new SessionBus.Audience(ids(devices), ids(looking));
    }

    private static Set<String> ids(Set<Peer> peers) {
        return peers.stream().map(Peer::deviceId).collect(Collectors.toSet());
    }

    public Set<Peer> devices() {
        return Collections.unmodifiableSet(devices);
    }

    /** Sends one frame to every subscribed device, serialised once for all of them. */
    public void toDevices(Object frame) {
        if (devices.isEmpty()) {
            return;
        }
        EncodedFrame encoded = EncodedFrame.of(frame);
        devices.forEach(device -> device.send(encoded));
    }

    /** Sends to the host; false when there is none. */
    public boolean toHost(Object frame) {
        if (host == null) {
            return false;
        }
        host.send(frame);
        return true;
    }

    boolean idle() {
        return host == null && devices.isEmpty() && looking.isEmpty();
    }
}
