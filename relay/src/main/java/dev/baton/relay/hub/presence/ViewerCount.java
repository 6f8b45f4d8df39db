package dev.baton.relay.hub.presence;

import dev.baton.protocol.frame.Frames.Viewers;
import dev.baton.relay.hub.Peer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many distinct devices each host was last told are subscribed to its session, so a host hears
 * only changes. A device with several subscribed streams (two tabs, or one on each of two relay nodes)
 * counts once.
 */
public final class ViewerCount {
    private final Map<Peer, Integer> told = new ConcurrentHashMap<>();

    /**
     * The {@code viewers} frame for {@code host} when the count changed since it was last told, else
     * nothing.
     *
     * @param elsewhere the device ids subscribed through other relay nodes
     */
    public Optional<Viewers> recount(Peer host, Collection<Peer> devices, Set<String> elsewhere) {
        if (host == null) {
            return Optional.empty();
        }
        Set<String> distinct = new HashSet<>(elsewhere);
        devices.forEach(device -> distinct.add(device.deviceId()));
        int count = distinct.size();
        Integer before = told.put(host, count);
        return before != null && before == count ? Optional.empty() : Optional.of(new Viewers(count));
    }

    /** The host stream left (or was replaced): a later one starts out told nothing. */
    public void forget(Peer host) {
        if (host != null) {
            told.remove(host);
        }
    }
}
