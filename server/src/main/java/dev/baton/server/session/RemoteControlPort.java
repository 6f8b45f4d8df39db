package dev.baton.server.session;

import dev.baton.protocol.editor.ConnectionState;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * What a session may ask of whoever can host it on a relay ({@code baton remote-control}, the editor):
 * the session's commands {@code /status}, {@code /remote-control} and {@code /mobile} need Remote
 * Control, but the session must not know the CLI or the editor, so they supply this instead.
 */
public interface RemoteControlPort {
    /** No one here can host a session: {@code /remote-control} and {@code /mobile} say so. */
    RemoteControlPort NONE = new RemoteControlPort() {
        @Override
        public Optional<Connection> connection(String sessionId) {
            return Optional.empty();
        }

        @Override
        public Connection start(Session session) {
            throw new UnsupportedOperationException(
                    "Remote Control is not available here; start this session with baton remote-control or from"
                            + " the editor.");
        }
    };

    /** How {@code sessionId} is hosted now; empty when Remote Control is off for it. */
    Optional<Connection> connection(String sessionId);

    /**
     * Hosts {@code session} from its first event on if it is not hosted yet, and mints a fresh pairing
     * code either way (the last one may be used up).
     *
     * @throws IOException when the relay cannot be reached or refuses
     * @throws UnsupportedOperationException when this process cannot host sessions
     */
    Connection start(Session session) throws IOException;

    /**
     * @param sessionUrl the session's URL without a pairing code
     * @param pairingUrl the session's URL with the latest pairing code in its fragment
     * @param relayUrl the relay's public base URL, without a trailing slash
     */
    record Connection(ConnectionState state, String sessionUrl, String pairingUrl, URI relayUrl) {}
}
