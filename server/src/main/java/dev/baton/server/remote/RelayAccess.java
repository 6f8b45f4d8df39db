package dev.baton.server.remote;

import dev.baton.server.config.BatonHome;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.OutageCause;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** A relay to register with and the account to do it as; holds the lease when it is the embedded relay. */
public final class RelayAccess implements AutoCloseable {
    private final URI url;
    private final AccountCredential account;
    private final EmbeddedRelayLease embedded;
    private final BatonHome home;
    private Keyring keys;

    private RelayAccess(URI url, AccountCredential account, EmbeddedRelayLease embedded, BatonHome home) {
        this.url = url;
        this.account = account;
        this.embedded = embedded;
        this.home = home;
    }

    /**
     * Resolves the account token of an external relay, or starts (or joins) the embedded one.
     *
     * @throws dev.baton.server.config.ConfigurationException when an external relay has no token, or the
     *     embedded relay's port is taken by something else
     * @throws IOException when the embedded relay can neither start nor be joined
     */
    public static RelayAccess open(RelayChoice choice, Map<String, String> env, BatonHome home) throws IOException {
        return switch (choice) {
            case RelayChoice.External external -> new RelayAccess(
                    external.url(), ExternalAccount.resolve(external.url(), env, home), null, home);
            case RelayChoice.Embedded local -> {
                EmbeddedRelayLease relay = EmbeddedRelayLease.acquire(home, local.listen());
                yield new RelayAccess(relay.url(), relay, relay, home);
            }
        };
    }

    public URI url() {
        return url;
    }

    public AccountCredential account() {
        return account;
    }

    /**
     * This home's keys, the content key made on this first use: what seals every session hosted here.
     *
     * @throws dev.baton.server.config.ConfigurationException when a key file is there but unusable
     */
    public synchronized Keyring keys() {
        if (keys == null) {
            keys = Keyring.open(home);
        }
        return keys;
    }

    /** What the host streams on this relay cannot see themselves: a stranger on the shared embedded relay's port. */
    public OutageCause outageCause() {
        return embedded != null ? embedded::portTaken : OutageCause.NONE;
    }

    /** Stops the embedded relay if this process runs it, or stops watching it if joined. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
