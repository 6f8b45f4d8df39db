package dev.baton.relay.store.redis;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.relay.store.StaleEpochException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Redis store's per-session data: the event tail (a stream whose entry ids are the events' seqs,
 * trimmed to the tail limit) and the inputs kept while the host is away (a list of their JSON).
 */
final class RedisTails {
    private static final String EVENT_FIELD = "event";
    private static final long STALE = -1;
    private static final long ADDED_LAST = 1;
    /**
     * KEYS: the stream, its epoch. ARGV: the epoch appended in, the tail limit, then id and JSON of each
     * event. Answers {@link #STALE}, else whether the last XADD added its entry. An XADD refused as not
     * above the stream's last id ("equal or smaller than the target stream top item") is a seq held
     * already; any other refusal is returned as the script's error, after the entries before it were added
     * (a prefix, as the host's resend completes).
     */
    private static final String APPEND =
            """
            local epoch = redis.call('GET', KEYS[2])
            if epoch and epoch ~= ARGV[1] then return %d end
            local addedLast = 0
            for i = 3, #ARGV, 2 do
              local added = redis.pcall('XADD', KEYS[1], 'MAXLEN', '=', ARGV[2], ARGV[i], '%s', ARGV[i + 1])
              if type(added) == 'table' and added.err then
                if not string.find(added.err, 'equal or smaller than the target stream top item', 1, true) then
                  return added
                end
                addedLast = 0
              else
                addedLast = 1
              end
            end
            return addedLast
            """
                    .formatted(STALE, EVENT_FIELD);

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final Transactions transactions;
    private final int tailLimit;
    private final Script append;

    /** @param redis and {@code async}: the same shared connection, as blocking and as pipelined calls */
    RedisTails(
            RedisCommands<String, String> redis,
            RedisAsyncCommands<String, String> async,
            Transactions transactions,
            int tailLimit) {
        this.redis = redis;
        this.async = async;
        this.transactions = transactions;
        this.tailLimit = tailLimit;
        this.append = Script.load(redis, APPEND);
    }

    /**
     * Appends {@code events} if the tail is still {@code epoch}'s, as one script, so no new epoch can start
     * between the check and the XADDs: one XADD per event with the entry id {@code seq-0} and exact MAXLEN
     * trimming. An event the stream already holds (a host resending after a relay crashed between this
     * call and the session record's write, or another connection of the same host on another node) is
     * refused by Redis as an id not above the last, and that refusal is ignored: the stream has that seq
     * already, from the same epoch, since the check passed. A tail with no epoch recorded (written before
     * the epoch was kept) takes the events as before. One round trip, on the shared connection.
     *
     * @return whether this call added the last of {@code events}, so the stream ended with it when Redis
     *     answered
     * @throws StaleEpochException when the tail belongs to another epoch; nothing was added
     */
    boolean appendEvents(String sessionId, String epoch, List<EncodedEvent> events) {
        String[] arguments = new String[2 + 2 * events.size()];
        arguments[0] = epoch;
        arguments[1] = Integer.toString(tailLimit);
        int i = 2;
        for (EncodedEvent event : events) {
            arguments[i++] = event.seq() + "-0";
            arguments[i++] = event.json();
        }
        long answer =
                append.run(redis, new String[] {RedisKeys.tail(sessionId), RedisKeys.tailEpoch(sessionId)}, arguments);
        if (answer == STALE) {
            throw new StaleEpochException(sessionId, epoch);
        }
        return answer == ADDED_LAST;
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
