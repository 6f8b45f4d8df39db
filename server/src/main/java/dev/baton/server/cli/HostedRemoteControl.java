package dev.baton.server.cli;

import dev.baton.server.remote.RemoteControl;
import dev.baton.server.session.RemoteControlPort;
import dev.baton.server.session.Session;
import java.io.IOException;
import java.util.Optional;

/**
 * The session's view of {@code baton remote-control}: Remote Control is on from the start for the one
 * session it hosts, so {@code /remote-control} only mints a fresh pairing code. The session exists
 * before its Remote Control does, hence {@link #host}.
 */
final class HostedRemoteControl implements RemoteControlPort {
    private volatile RemoteControl remote;

    void host(RemoteControl value) {
        remote = value;
    }

    @Override
    public Optional<Connection> connection(String sessionId) {
        RemoteControl current = remote;
        if (current == null || !current.sessionId().equals(sessionId)) {
            return Optional.empty();
        }
        return Optional.of(
                new Connection(current.state(), current.sessionUrl(), current.pairingUrl(), current.relayUrl()));
    }

    @Override
    public Connection start(Session session) throws IOException {
        RemoteControl current = remote;
        if (current == null || !current.sessionId().equals(session.id())) {
            throw new UnsupportedOperationException("This baton remote-control hosts another session.");
        }
        current.newPairing();
        return connection(session.id()).orElseThrow();
    }
}
