package dev.baton.server.relayclient;

import java.io.IOException;

/**
 * No answer from the relay at all (refused, timed out, TLS not trusted), as opposed to a {@link RelayException},
 * where it answered and said no: a command exits with its own status for this, since the cure is elsewhere (the
 * relay's address, the network, the relay process).
 */
public final class RelayUnreachableException extends IOException {
    RelayUnreachableException(String message, IOException cause) {
        super(message, cause);
    }
}
