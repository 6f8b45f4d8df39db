package dev.baton.relay.store.redis;

import dev.baton.protocol.relay.WorkKind;
import dev.baton.relay.work.PendingWork;
import dev.baton.relay.work.WorkQueue;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The work queue every relay node shares: a device's request on one node reaches the environment
 * long-polling another. Items are a list per environment that a poll takes with BLPOP, so exactly one
 * poll gets each; who polls and what was handed over are sorted sets scored by time (epoch millis).
 */
public final class RedisWorkQueue implements WorkQueue {
    /** Appends unless an attach for the same session already waits: atomic, so two nodes cannot both add one. */
    private static final String OFFER =
            """
            if ARGV[2] ~= '' then
              for _, item in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
                if string.sub(item, 1, string.len(ARGV[2])) == ARGV[2] then return 0 end
              end
            end
            return redis.call('RPUSH', KEYS[1], ARGV[1])
            """;
    /** A blocking pop needs its connection to itself and may outlast the usual command timeout. */
    private static final Duration BLOCKING_MARGIN = Duration.ofSeconds(5);
    /** Poll records older than this are dropped; no caller asks further back. */
    private static final Duration POLL_MEMORY = Duration.ofHours(1);

    private final RedisClient client;
    private final RedisCommands<String, String> redis;
    private final BooleanSupplier storeClosing;

    /** @param storeClosing whether the store these connections belong to is closing */
    RedisWorkQueue(RedisClient client, RedisCommands<String, String> shared, BooleanSupplier storeClosing) {
        this.client = client;
        this.redis = shared;
        this.storeClosing = storeClosing;
    }

    @Override
    public void offer(String environmentId, PendingWork work) {
        String attachPrefix = work.kind() == WorkKind.ATTACH ? prefix(work.kind(), work.sessionId()) : "";
        redis.<Long>eval(
                OFFER, ScriptOutputType.INTEGER, new String[] {items(environmentId)}, encode(work), attachPrefix);
    }

    /**
     * @throws InterruptedException also when the store closes while the poll waits (the relay is stopping),
     *     which closes the poll's connection under it: that is no failure of Redis
     */
    @Override
    public Optional<PendingWork> poll(String environmentId, Duration wait) throws InterruptedException {
        String pollId = UUID.randomUUID().toString();
        redis.zadd(polls(environmentId), System.currentTimeMillis() + wait.toMillis(), pollId);
        try {
            Optional<PendingWork> taken = take(environmentId, wait).map(RedisWorkQueue::decode);
            taken.ifPresent(work -> redis.zadd(delivered(environmentId), System.currentTimeMillis(), work.sessionId()));
            return taken;
        } catch (RuntimeException e) {
            if (storeClosing.getAsBoolean()) {
                throw new InterruptedException("the relay is shutting down");
            }
            throw e;
        } finally {
            if (!storeClosing.getAsBoolean()) {
                long now = System.currentTimeMillis();
                redis.zadd(polls(environmentId), now, pollId);
                redis.zremrangebyscore(polls(environmentId), Range.create(0, now - POLL_MEMORY.toMillis()));
            }
        }
    }

    @Override
    public boolean isPolling(String environmentId, Duration recent) {
        long since = System.currentTimeMillis() - recent.toMillis();
        return !redis.zrangebyscore(
                        polls(environmentId),
                        Range.from(Range.Boundary.excluding(since), Range.Boundary.unbounded()),
                        Limit.from(1))
                .isEmpty();
    }

    @Override
    public Set<String> pendingSessions(String environmentId, Predicate<String> online) {
        String key = delivered(environmentId);
        long expired = System.currentTimeMillis() - PICKUP_GRACE.toMillis();
        Set<String> waiting = new HashSet<>();
        for (ScoredValue<String> handedOver : redis.zrangeWithScores(key, 0, -1)) {
            if (handedOver.getScore() < expired || online.test(handedOver.getValue())) {
                redis.zrem(key, handedOver.getValue());
            } else {
                waiting.add(handedOver.getValue());
            }
        }
        redis.lrange(items(environmentId), 0, -1).stream()
                .map(item -> decode(item).sessionId())
                .filter(sessionId -> !waiting.contains(sessionId) && !online.test(sessionId))
                .forEach(waiting::add);
        return waiting;
    }

    @Override
    public void declined(String environmentId, String sessionId) {
        redis.zrem(delivered(environmentId), sessionId);
    }

    @Override
    public void forget(String environmentId) {
        redis.del(items(environmentId), delivered(environmentId), polls(environmentId));
    }

    /** LPOP for no wait (BLPOP 0 would block for ever), else BLPOP on a connection of its own. */
    private Optional<String> take(String environmentId, Duration wait) throws InterruptedException {
        if (wait.toMillis() <= 0) {
            return Optional.ofNullable(redis.lpop(items(environmentId)));
        }
        try (StatefulRedisConnection<String, String> blocking = client.connect()) {
            blocking.setTimeout(wait.plus(BLOCKING_MARGIN));
            KeyValue<String, String> popped = blocking.async()
                    .blpop(wait.toMillis() / 1000.0, items(environmentId))
                    .get(wait.plus(BLOCKING_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            return popped == null || !popped.hasValue() ? Optional.empty() : Optional.of(popped.getValue());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the shared work queue did not answer: " + e.getMessage(), e);
        }
    }

    private static String encode(PendingWork work) {
        return prefix(work.kind(), work.sessionId()) + work.workId();
    }

    private static String prefix(WorkKind kind, String sessionId) {
        return kind.name() + "|" + sessionId + "|";
    }

    private static PendingWork decode(String item) {
        String[] parts = item.split("\\|", 3);
        return new PendingWork(parts[2], WorkKind.valueOf(parts[0]), parts[1]);
    }

    private static String items(String environmentId) {
        return "baton:work:" + environmentId + ":items";
    }

    private static String delivered(String environmentId) {
        return "baton:work:" + environmentId + ":delivered";
    }

    private static String polls(String environmentId) {
        return "baton:work:" + environmentId + ":polls";
    }
}
