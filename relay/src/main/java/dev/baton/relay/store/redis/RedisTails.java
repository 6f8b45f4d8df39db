package dev.baton.relay.store.redis;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Redis store's per-session data: the event tail (a stream whose entry ids are the events' seqs,
 * trimmed to the tail limit) and the inputs kept while the host is away (a list of their JSON).
 */
final class RedisTails {
    private static final String EVENT_FIELD = "event";
    /** How Redis refuses an XADD whose id is not above the stream's last. */
    private static final String ALREADY_HELD = "equal or smaller than the target stream top item";

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final Duration timeout;
    private final Transactions transactions;
    private final int tailLimit;

    /**
     * @param redis and {@code async}: the same shared connection, as blocking and as pipelined calls
     * @param timeout how long a pipelined call may wait for its answer, as long as a blocking one
     */
    RedisTails(
            RedisCommands<String, String> redis,
            RedisAsyncCommands<String, String> async,
            Duration timeout,
            Transactions transactions,
            int tailLimit) {
        this.redis = redis;
        this.async = async;
        this.timeout = timeout;
        this.transactions = transactions;
        this.tailLimit = tailLimit;
    }

    /**
     * One XADD per event with the entry id {@code seq-0} and exact MAXLEN trimming, all sent before any
     * answer is awaited: one round trip for the frame, on the shared connection, so sessions never queue
     * behind one another's writes. Redis runs them in order, so a relay that dies midway has stored a
     * prefix, which the host's resend completes. An event the stream already holds (a host resending
     * after a relay crashed between this call and the session record's write) is refused by Redis as an
     * id not above the last, and that refusal is ignored: the stream has that seq already, from the same
     * epoch since a new epoch clears the stream first.
     *
     * @return whether this call added the last of {@code events}, so the stream ended with it when Redis
     *     answered
     */
    boolean appendEvents(String sessionId, List<EncodedEvent> events) {
        String key = RedisKeys.tail(sessionId);
        List<RedisFuture<String>> added = new ArrayList<>(events.size());
        for (EncodedEvent event : events) {
            XAddArgs args =
                    new XAddArgs().id(event.seq() + "-0").maxlen(tailLimit).exactTrimming();
            added.add(async.xadd(key, args, Map.of(EVENT_FIELD, event.json())));
        }
        boolean addedLast = false;
        for (RedisFuture<String> answer : added) {
            try {
                LettuceFutures.awaitOrCancel(answer, timeout.toNanos(), TimeUnit.NANOSECONDS);
                addedLast = true;
            } catch (RedisCommandExecutionException refused) {
                if (!String.valueOf(refused.getMessage()).contains(ALREADY_HELD)) {
                    throw refused;
                }
                addedLast = false;
            }
        }
        return addedLast;
    }

    /**
     * Asks for the stream's last entry without waiting for the answer, so the question shares a round trip
     * with others sent beside it; {@link #newestOf} reads the answer.
     */
    RedisFuture<List<StreamMessage<String, String>>> askNewest(String sessionId) {
        return async.xrevrange(RedisKeys.tail(sessionId), Range.unbounded(), Limit.from(1));
    }

    /** The event in an answer of {@link #askNewest}: the tail's last, or empty when it holds none. */
    static Optional<SealedEvent> newestOf(List<StreamMessage<String, String>> answer) {
        return answer.stream()
                .findFirst()
                .map(message -> Json.decode(message.getBody().get(EVENT_FIELD), SealedEvent.class));
    }

    List<SealedEvent> eventsAfter(String sessionId, long afterSeq) {
        Range<String> after = Range.from(Range.Boundary.excluding(afterSeq + "-0"), Range.Boundary.unbounded());
        return redis.xrange(RedisKeys.tail(sessionId), after).stream()
                .map(message -> Json.decode(message.getBody().get(EVENT_FIELD), SealedEvent.class))
                .toList();
    }

    long firstStoredSeq(String sessionId) {
        List<StreamMessage<String, String>> first =
                redis.xrange(RedisKeys.tail(sessionId), Range.unbounded(), Limit.from(1));
        return first.isEmpty() ? 0 : seqOf(first.getFirst().getId());
    }

    /** Deleting the stream also forgets its last id, so a new epoch's seq 1 can be added again. */
    void clearEvents(String sessionId) {
        redis.del(RedisKeys.tail(sessionId));
    }

    List<InputFrame> keptInputs(String sessionId) {
        return redis.lrange(RedisKeys.inputs(sessionId), 0, -1).stream()
                .map(json -> Json.decode(json, InputFrame.class))
                .toList();
    }

    void keepInput(String sessionId, InputFrame input) {
        redis.rpush(RedisKeys.inputs(sessionId), Json.write(input));
    }

    /** LREM by the exact stored JSON removes only those entries, whatever was pushed meanwhile. */
    void dropInputs(String sessionId, Collection<String> inputIds) {
        Set<String> ids = new HashSet<>(inputIds);
        String key = RedisKeys.inputs(sessionId);
        List<String> doomed = redis.lrange(key, 0, -1).stream()
                .filter(json -> ids.contains(Json.decode(json, InputFrame.class).inputId()))
                .toList();
        if (!doomed.isEmpty()) {
            transactions.run(tx -> doomed.forEach(json -> tx.lrem(key, 0, json)));
        }
    }

    private static long seqOf(String streamId) {
        return Long.parseLong(streamId.substring(0, streamId.indexOf('-')));
    }
}
