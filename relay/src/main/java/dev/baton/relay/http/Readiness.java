package dev.baton.relay.http;

import dev.baton.relay.store.RelayStore;

/**
 * Whether this relay should be sent new requests: its store answers and it is not shutting down.
 * A balancer polls {@code /readyz}; turning it to 503 before the streams close is what lets the
 * balancer drain the node while it still serves, instead of learning of the shutdown from failures.
 */
public final class Readiness {
    private final RelayStore store;
    private volatile boolean draining;

    public Readiness(RelayStore store) {
        this.store = store;
    }

    /** From now on {@code /readyz} answers 503; the relay keeps serving what reaches it. */
    public void drain() {
        draining = true;
    }

    /** Null when ready, else why not, for the 503's message. */
    String notReadyBecause() {
        if (draining) {
            return "the relay is shutting down";
        }
        return storeReachable() ? null : "the relay's store cannot be reached";
    }

    private boolean storeReachable() {
        try {
            return store.reachable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
