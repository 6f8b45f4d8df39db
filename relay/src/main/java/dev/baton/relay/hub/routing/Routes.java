package dev.baton.relay.hub.routing;

import dev.baton.relay.hub.Peer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which streams are open and which session each belongs to. Every change to a session's route happens
 * under that route's lock, so a session sees one order of hellos, events and subscribes. A route with no
 * host and no device left is dropped, so the map holds only sessions someone is connected to.
 */
public final class Routes {
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Set<Peer> open = ConcurrentHashMap.newKeySet();

    public void opened(Peer peer) {
        open.add(peer);
    }

    /** Forgets an open stream; false when it was already forgotten. */
    public boolean forget(Peer peer) {
        return open.remove(peer);
    }

    public boolean isOpen(Peer peer) {
        return open.contains(peer);
    }

    /** A copy of every open stream. */
    public List<Peer> peers() {
        return List.copyOf(open);
    }

    /** How many sessions have a route. */
    public int size() {
        return routes.size();
    }

    /** Runs {@code change} under the session's route lock, making the route if there is none. */
    public void update(String sessionId, Consumer<Route> change) {
        apply(sessionId, change, true);
    }

    /** Runs {@code change} under the session's route lock if the session has a route. */
    public void updateIfPresent(String sessionId, Consumer<Route> change) {
        apply(sessionId, change, false);
    }

    private void apply(String sessionId, Consumer<Route> change, boolean create) {
        while (true) {
            Route route = create ? routes.computeIfAbsent(sessionId, id -> new Route()) : routes.get(sessionId);
            if (route == null) {
                return;
            }
            synchronized (route) {
                if (route.retired) {
                    continue; // dropped between the lookup and the lock: take the current one
                }
                try {
                    change.accept(route);
                } finally {
                    if (route.idle()) {
                        route.retired = true;
                        routes.remove(sessionId, route);
                    }
                }
                return;
            }
        }
    }
}
