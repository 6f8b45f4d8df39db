package dev.baton.relay;

import java.net.URI;

/** A running relay: the standalone {@code baton relay}, the embedded one, and the one tests start. */
public final class Relay implements AutoCloseable {

    private Relay() {}

    /** Binds and starts serving; returns once the port accepts connections. */
    public static Relay start(RelayConfig config) throws Exception {
        throw new UnsupportedOperationException("skeleton: " + config);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The base URL devices and backends use, without a trailing slash. */
    public URI url() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Mints a full-scope account token (30 days) for {@code user}, creating the account if new. */
    public String createAccountToken(String user) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Stops accepting, closes every stream, and flushes the store. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }
}
