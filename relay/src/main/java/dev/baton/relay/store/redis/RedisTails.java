package dev.baton.relay.store.redis;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Redis store's per-session data: the event tail (a stream whose entry ids are the events' seqs,
 * trimmed to the tail limit) and the inputs kept while the host is away (a list of their JSON).
 */
final class RedisTails {
    private static final String EVENT_FIELD = "event";

    private final RedisCommands<String, String> redis;
    private final Transactions transactions;
    private final int tailLimit;

    RedisTails(RedisCommands<String, String> redis, Transactions transactions, int tailLimit) {
        this.redis = redis;
        this.transactions = transactions;
        this.tailLimit = tailLimit;
    }

    /**
     * One XADD per event with the entry id {@code seq-0} and exact MAXLEN trimming. An event the
     * stream already holds (a host resending after a relay crashed between this call and the session
     * record's write) is refused by Redis as an id not above the last, and that refusal is ignored: the
     * stream has that seq already, from the same epoch since a new epoch clears the stream first.
     */
    void appendEvents(String sessionId, List<EncodedEvent> events) {
        String key = RedisKeys.tail(sessionId);
        transactions.runTolerating("equal or smaller than the target stream top item", tx -> {
            for (EncodedEvent event : events) {
                XAddArgs args =
                        new XAddArgs().id(event.seq() + "-0").maxlen(tailLimit).exactTrimming();
                tx.xadd(key, args, Map.of(EVENT_FIELD, event.json()));
            }
        });
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
