package dev.baton.server.servermode;

import dev.baton.protocol.relay.RelayApi.AdoptSessions;
import dev.baton.server.relayclient.EnvironmentLease;
import dev.baton.server.session.SessionInfo;
import dev.baton.server.session.SessionStore;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The sessions an earlier run of the directory hosted were left with no environment when it stopped
 * (or under a dead one when it was killed). Listed under this run's environment, each can be opened on
 * a device, which asks this process to resume it. Those another process holds stay where they are, and
 * the relay keeps only the ones it knows, so a session never shared stays unlisted.
 */
final class EarlierSessions {
    private final SessionStore store;
    private final SpawnPlaces places;
    private final EnvironmentLease environment;

    EarlierSessions(SessionStore store, SpawnPlaces places, EnvironmentLease environment) {
        this.store = store;
        this.places = places;
        this.environment = environment;
    }

    /**
     * Asks the relay to list the directory's sessions (and its worktrees') under the environment, the
     * most recently active first, leaving out those {@code hostedHere} already runs.
     *
     * @return the ids the relay lists here now
     */
    List<String> adopt(Predicate<String> hostedHere) throws IOException {
        List<String> earlier = store.list().stream()
                .filter(info -> !hostedHere.test(info.id()))
                .filter(info -> places.belongsHere(info.directory()))
                .filter(info -> !store.isOpenElsewhere(info.id()))
                .limit(AdoptSessions.MAX_SESSION_IDS)
                .map(SessionInfo::id)
                .toList();
        return earlier.isEmpty() ? List.of() : environment.adopt(earlier);
    }
}
