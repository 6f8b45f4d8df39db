package dev.baton.server.cli;

import dev.baton.server.remote.RemoteControl;
import dev.baton.server.session.RemoteControlPort;
import dev.baton.server.session.Session;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions' view of {@code baton remote-control}: Remote Control is on from the start for every
 * session it hosts, so {@code /remote-control} only mints a fresh pairing code. A session exists
 * before its Remote Control does, hence {@link #host}.
 */
final class HostedRemoteControl implements RemoteControlPort {
    private final Map<String, RemoteControl> remotes = new ConcurrentHashMap<>();

    void host(RemoteControl value) {
        remotes.put(value.sessionId(), value);
    }

    @Override
    public Optional<Connection> connection(String sessionId) {
        RemoteControl current = remotes.get(sessionId);
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Connection(current.state(), current.sessionUrl(), current.pairingUrl(), current.relayUrl()));
    }

    @Override
    public Connection start(Session session) throws IOException {
        RemoteControl current = remotes.get(session.id());
        if (current == null) {
            throw new UnsupportedOperationException("This baton remote-control hosts another session.");
        }
        current.newPairing();
        return connection(session.id()).orElseThrow();
    }
}
