package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down guessing pairing codes. Codes carry 256 random bits, so guessing cannot succeed; the
 * limit keeps a guesser from costing the relay a store lookup per try. Only failed redemptions count,
 * per remote address and across all addresses, so pairing a device is never slowed by it.
 */
final class RedemptionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RedemptionGuard.class);
    private static final String EVERYONE = "*";
    private static final int MAX_TRACKED = 10_000;
    private static final double NANOS_PER_MINUTE = 60e9;

    private final int perAddress;
    private final int overall;
    private final ErrorCode counted;
    private final String attempts;
    private final String failure;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Failures left, refilled continuously up to the capacity over a minute. */
    private static final class Bucket {
        final int capacity;
        double left;
        long at = System.nanoTime();

        Bucket(int capacity) {
            this.capacity = capacity;
            this.left = capacity;
        }

        synchronized double refill(long now) {
            left = Math.min(capacity, left + (now - at) * capacity / NANOS_PER_MINUTE);
            at = now;
            return left;
        }

        synchronized void spend() {
            left -= 1;
        }

        /** Seconds until one more failure is allowed. */
        synchronized long waitSeconds() {
            return Math.max(1, (long) Math.ceil((1 - left) * 60 / capacity));
        }
    }

    @FunctionalInterface
    interface Redemption<T> {
        T redeem() throws Exception;
    }

    /** @param perAddress failed redemptions a minute from one address; {@code overall} from all of them */
    RedemptionGuard(int perAddress, int overall) {
        this(perAddress, overall, ErrorCode.PAIRING_CODE_INVALID, "pairing attempts", "pairing redemption");
    }

    /**
     * A guard for other guesses: sign-ins, user codes.
     *
     * @param counted the refusal that counts as a failed attempt
     * @param attempts what the attempts are, for the refusal ("sign-in attempts")
     * @param failure one failed attempt, for the log line ("sign-in")
     */
    RedemptionGuard(int perAddress, int overall, ErrorCode counted, String attempts, String failure) {
        this.failure = failure;
        this.perAddress = perAddress;
        this.overall = overall;
        this.counted = counted;
        this.attempts = attempts;
    }

    <T> T guard(HttpExchange exchange, String address, Redemption<T> redemption) throws Exception {
        long now = System.nanoTime();
        Bucket mine = buckets.computeIfAbsent(address, key -> new Bucket(perAddress));
        Bucket all = buckets.computeIfAbsent(EVERYONE, key -> new Bucket(overall));
        for (Bucket bucket : new Bucket[] {mine, all}) {
            if (bucket.refill(now) < 1) {
                exchange.response().getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(bucket.waitSeconds()));
                throw new ProtocolException(
                        ErrorCode.RATE_LIMITED,
                        "too many failed " + attempts + "; retry after the Retry-After seconds");
            }
        }
        try {
            return redemption.redeem();
        } catch (ProtocolException e) {
            if (e.code() == counted) {
                mine.spend();
                all.spend();
                // What was tried is a credential (and may be someone's real one): never logged.
                LOG.info("failed {} from {}", failure, address);
                forgetRefilled(now);
            }
            throw e;
        }
    }

    /** Buckets back at capacity hold nothing worth keeping; drop them before the map grows large. */
    private void forgetRefilled(long now) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.entrySet()
                    .removeIf(entry -> !entry.getKey().equals(EVERYONE)
                            && entry.getValue().refill(now) >= entry.getValue().capacity);
        }
    }
}
