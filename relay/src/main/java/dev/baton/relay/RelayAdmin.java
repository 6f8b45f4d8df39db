package dev.baton.relay;

import dev.baton.relay.auth.Accounts;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.StoreLocation;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The store of a relay that is not running, opened for {@code baton relay user|org|token}: users,
 * organizations and their policy are written straight into it, and the relay reads them when it starts.
 */
public final class RelayAdmin implements AutoCloseable {
    private final RelayStore store;
    private final Accounts accounts;

    private RelayAdmin(RelayStore store) {
        this.store = store;
        Clock clock = Clock.systemUTC();
        this.accounts = new Accounts(store, new TokenService(store, clock), clock);
    }

    /**
     * Opens (or creates) the store under {@code dataDir}, owner-only like the running relay's.
     *
     * @throws IllegalStateException when a running relay holds {@code dataDir}
     */
    public static RelayAdmin open(Path dataDir) {
        return open(new StoreLocation.Embedded(dataDir));
    }

    /**
     * Opens the store at {@code location}: a data directory, or the Redis a deployment's nodes share
     * (which may be written while the relays run).
     *
     * @throws IllegalStateException when a running relay holds the embedded store's directory
     * @throws dev.baton.relay.store.StoreException when the store cannot be opened
     */
    public static RelayAdmin open(StoreLocation location) {
        return new RelayAdmin(location.open(RelayConfig.defaults().tailLimit()));
    }

    public Accounts accounts() {
        return accounts;
    }

    /** Writes everything to the file and releases it. */
    @Override
    public void close() {
        store.commit();
        store.close();
    }
}
