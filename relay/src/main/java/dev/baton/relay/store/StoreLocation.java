package dev.baton.relay.store;

import dev.baton.relay.store.redis.RedisStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a relay keeps what it must remember: the one place that turns {@code --store} (or the data
 * directory) into a {@link RelayStore}, for the running relay and for the admin commands alike.
 */
public sealed interface StoreLocation {

    /** Opens (or creates) the store. */
    RelayStore open(int tailLimit);

    /** How messages name the store: never with a password. */
    String display();

    /** The embedded file under {@code dataDir}, or memory only when it is null. */
    record Embedded(Path dataDir) implements StoreLocation {
        @Override
        public RelayStore open(int tailLimit) {
            return dataDir == null ? EmbeddedStore.inMemory(tailLimit) : EmbeddedStore.open(dataDir, tailLimit);
        }

        @Override
        public String display() {
            return dataDir == null ? "memory" : dataDir.toString();
        }
    }

    /**
     * A Redis server, from {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://…}.
     *
     * @param password null when the URL has none
     */
    record Redis(String host, int port, int database, boolean tls, String user, String password)
            implements StoreLocation {
        public static final int DEFAULT_PORT = 6379;

        @Override
        public RelayStore open(int tailLimit) {
            return RedisStore.connect(this, tailLimit);
        }

        @Override
        public String display() {
            return (tls ? "rediss" : "redis") + "://" + host + ":" + port + "/" + database;
        }

        /** The display form: a record's generated toString would print the password. */
        @Override
        public String toString() {
            return display();
        }
    }

    /**
     * Parses a Redis URL. Nothing of {@code url} but its scheme, host, port and database ever appears in
     * the error, since the rest may be a password.
     *
     * @throws StoreException {@link StoreException#BAD_URL} when it is not one
     */
    static Redis redis(String url) {
        String usage = "--store takes redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://…";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new StoreException(StoreException.BAD_URL, usage + "; the value given is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new StoreException(
                    StoreException.BAD_URL,
                    usage + (scheme.isEmpty() ? "; the value has no scheme" : ", not a " + scheme + ": URL"));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new StoreException(StoreException.BAD_URL, usage + "; the URL names no host (or a bad port)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            if (!path.substring(1).matches("[0-9]{1,4}")) {
                throw new StoreException(StoreException.BAD_URL, usage + "; the database must be a number such as /0");
            }
            database = Integer.parseInt(path.substring(1));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new StoreException(StoreException.BAD_URL, usage + "; query and fragment are not supported");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = userInfo; // redis://password@host, as redis-cli -u reads it
            } else {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
        }
        return new Redis(
                uri.getHost(),
                uri.getPort() < 0 ? Redis.DEFAULT_PORT : uri.getPort(),
                database,
                scheme.equals("rediss"),
                user,
                password == null || password.isEmpty() ? null : password);
    }
}
