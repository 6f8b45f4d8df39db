package dev.baton.relay.hub.presence;

import dev.baton.relay.hub.Peer;
import dev.baton.relay.hub.SessionBus;
import dev.baton.relay.hub.routing.Route;

/**
 * Who follows a session, on every node: this node's share goes to the others through the bus, the host
 * hears how many distinct devices follow wherever they are connected, and "is anyone looking" counts
 * pages in front on any node. Called under the session's route lock.
 */
public final class Audiences {
    private final SessionBus bus;
    private final ViewerCount viewers = new ViewerCount();

    public Audiences(SessionBus bus) {
        this.bus = bus;
    }

    /** This node's audience of the session changed: the other nodes hear of it. */
    public void share(String sessionId, Route route) {
        bus.audience(sessionId, route.audience());
    }

    /** Tells the route's host (if any) how many distinct devices follow, when that changed. */
    public void tellHost(Route route) {
        Peer host = route.host();
        if (host != null) {
            viewers.recount(
                            host,
                            route.devices(),
                            bus.elsewhere(host.sessionId()).devices())
                    .ifPresent(route::toHost);
        }
    }

    /** A host stream left or was replaced: a later one starts out told nothing. */
    public void forgetHost(Peer host) {
        viewers.forget(host);
    }

    /** Whether a page of the session is in front of its user, here or on another node. */
    public boolean anyoneLooking(String sessionId, Route route) {
        return route.anyoneLooking() || !bus.elsewhere(sessionId).looking().isEmpty();
    }
}
