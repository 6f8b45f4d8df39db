package dev.baton.server.remote;

import dev.baton.server.config.BatonHome;
import dev.baton.server.relayclient.AccountCredential;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** A relay to register with and the account to do it as; owns the relay when it runs in this process. */
public final class RelayAccess implements AutoCloseable {
    private final URI url;
    private final AccountCredential account;
    private final EmbeddedRelay embedded;

    private RelayAccess(URI url, AccountCredential account, EmbeddedRelay embedded) {
        this.url = url;
        this.account = account;
        this.embedded = embedded;
    }

    /**
     * Resolves the account token of an external relay, or starts the embedded one.
     *
     * @throws dev.baton.server.config.ConfigurationException when an external relay has no token
     * @throws IOException when the embedded relay cannot start
     */
    public static RelayAccess open(RelayChoice choice, Map<String, String> env, BatonHome home) throws IOException {
        return switch (choice) {
            case RelayChoice.External external -> new RelayAccess(
                    external.url(), ExternalAccount.resolve(external.url(), env, home), null);
            case RelayChoice.Embedded local -> {
                EmbeddedRelay relay = EmbeddedRelay.start(home, local.port());
                yield new RelayAccess(relay.url(), relay, relay);
            }
        };
    }

    public URI url() {
        return url;
    }

    public AccountCredential account() {
        return account;
    }

    /** Stops the embedded relay, if this process runs one. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
