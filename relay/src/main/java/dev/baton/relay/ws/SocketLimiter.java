package dev.baton.relay.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts open streams per token so one leaked token cannot exhaust the relay. */
public final class SocketLimiter {
    private final int perToken;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public SocketLimiter(int perToken) {
        this.perToken = perToken;
    }

    public int perToken() {
        return perToken;
    }

    /** Reserves a slot for {@code tokenHash}; false when its streams are all in use. */
    public boolean tryAcquire(String tokenHash) {
        boolean[] acquired = new boolean[1];
        open.compute(tokenHash, (key, count) -> {
            int current = count == null ? 0 : count;
            acquired[0] = current < perToken;
            return acquired[0] ? current + 1 : current;
        });
        return acquired[0];
    }

    public void release(String tokenHash) {
        open.computeIfPresent(tokenHash, (key, count) -> count <= 1 ? null : count - 1);
    }
}
