package dev.baton.relay.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open streams per key so one leaked token, or one account that mints many tokens, cannot
 * exhaust the relay. The relay keeps one limiter keyed by token hash and one keyed by account id.
 */
public final class SocketLimiter {
    private final int limit;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public SocketLimiter(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** Reserves a slot for {@code key}; false when its streams are all in use. */
    public boolean tryAcquire(String key) {
        boolean[] acquired = new boolean[1];
        open.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            acquired[0] = current < limit;
            return acquired[0] ? current + 1 : current;
        });
        return acquired[0];
    }

    public void release(String key) {
        open.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
