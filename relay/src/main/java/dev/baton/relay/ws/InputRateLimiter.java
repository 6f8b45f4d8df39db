package dev.baton.relay.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per device, shared by all its streams: {@code perSecond} frames a second, with bursts
 * up to the same number. The relay keeps one for inputs and one for {@code subscribe} and {@code ping},
 * each of which costs the relay an answer. A refused input loses nothing: the device retries it with
 * the same inputId.
 */
public final class InputRateLimiter {
    private final int perSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(int capacity) {
            tokens = capacity;
            refilledAt = System.nanoTime();
        }
    }

    public InputRateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    public int perSecond() {
        return perSecond;
    }

    public boolean tryAcquire(String deviceId) {
        Bucket bucket = buckets.computeIfAbsent(deviceId, id -> new Bucket(perSecond));
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket.tokens = Math.min(perSecond, bucket.tokens + (now - bucket.refilledAt) * perSecond / 1e9);
            bucket.refilledAt = now;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }
}
