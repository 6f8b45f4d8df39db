package dev.baton.relay.store.redis;

import static dev.baton.relay.store.redis.RedisKeys.SESSIONS;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.StaleEpochException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Session records: writing them only in the epoch the session's tail has, starting an epoch (the tail
 * dropped and the record written in one step), reading them, and telling which write of one would change
 * nothing a read sees. A session's
 * stream ends with its newest event, so a record's {@code storedSeq} and {@code lastActivity} are read from
 * there when it is ahead of the record: the record need not be rewritten (its snapshot with it) for every
 * frame of events, which cost the relay more than the events did. A read is the record and the stream's
 * last entry, asked for together: one round trip.
 */
final class RedisSessions {
    private static final long STALE = 0;
    /**
     * KEYS: the sessions hash, the account's session index, the session's tail epoch. ARGV: the session id,
     * its record's JSON, its epoch ('' for none). Answers {@link #STALE} without writing when the tail has
     * another epoch than the record: a node that read the record before another node's hello started a new
     * epoch must not write the old one back, which would leave record and tail disagreeing.
     */
    private static final String PUT =
            """
            local tailEpoch = redis.call('GET', KEYS[3])
            if tailEpoch and tailEpoch ~= ARGV[3] then return %d end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            return 1
            """
                    .formatted(STALE);
    /**
     * KEYS as for {@link #PUT}, then the session's stream. ARGV as for {@link #PUT}. Deleting the stream also
     * forgets its last id, so the new epoch's seq 1 can be added again. One script, so an append or a record
     * of the old epoch lands before all of it (and is deleted or overwritten) or after (and is refused), and
     * of two nodes' hellos with different epochs the later one's epoch is both the record's and the tail's.
     */
    private static final String START_EPOCH =
            """
            redis.call('DEL', KEYS[4])
            redis.call('SET', KEYS[3], ARGV[3])
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            return 1
            """;

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final RedisTails tails;
    private final Duration timeout;
    /**
     * Each session's record as this node last read it, before the stream's seq is applied, until the
     * session's next record write: what {@link #changesNothing} compares that write with. It only ever
     * spares a write that would have set the seq and time the stream gives anyway; when another node wrote
     * the record since, sparing the write keeps that node's record instead of overwriting it with what this
     * node read before.
     */
    private final Map<String, SessionRecord> stored = new ConcurrentHashMap<>();
    /** The last event this node added to each session's stream, until the session's next record write. */
    private final Map<String, SealedEvent> appended = new ConcurrentHashMap<>();

    private final Script put;
    private final Script startEpoch;

    /**
     * @param redis and {@code async}: the store's shared connection, as blocking and as pipelined calls
     * @param timeout how long a read may wait for its answers
     */
    RedisSessions(
            RedisCommands<String, String> redis,
            RedisAsyncCommands<String, String> async,
            RedisTails tails,
            Duration timeout) {
        this.redis = redis;
        this.async = async;
        this.tails = tails;
        this.timeout = timeout;
        this.put = Script.load(redis, PUT);
        this.startEpoch = Script.load(redis, START_EPOCH);
    }

    /**
     * Writes the record and its id in its account's index, as one script: atomic like a transaction, but
     * one round trip on the shared connection instead of four under {@link Transactions}' lock.
     *
     * @throws StaleEpochException when the session's tail has another epoch; nothing was written
     */
    void write(SessionRecord session) {
        if (put.run(redis, keys(session), arguments(session)) == STALE) {
            throw new StaleEpochException(session.id(), session.epoch());
        }
    }

    /** Drops the session's stream and writes {@code session}, with the epoch it starts, as one script. */
    void startEpoch(SessionRecord session) {
        appended.remove(session.id());
        stored.remove(session.id());
        String[] keys = keys(session);
        startEpoch.run(
                redis, new String[] {keys[0], keys[1], keys[2], RedisKeys.tail(session.id())}, arguments(session));
    }

    Optional<SessionRecord> read(String id) {
        RedisFuture<String> record = async.hget(SESSIONS, id);
        RedisFuture<List<StreamMessage<String, String>>> newest = tails.askNewest(id);
        String json = answer(record);
        List<StreamMessage<String, String>> tail = answer(newest);
        if (json == null) {
            return Optional.empty();
        }
        SessionRecord written = Json.decode(json, SessionRecord.class);
        stored.put(id, written);
        return Optional.of(withTail(written, tail));
    }

    /** The records of {@code ids} that exist, each with its stream's last entry: two round trips in all. */
    List<SessionRecord> readAll(Collection<String> members) {
        List<String> ids = List.copyOf(members);
        if (ids.isEmpty()) {
            return List.of();
        }
        RedisFuture<List<KeyValue<String, String>>> records = async.hmget(SESSIONS, ids.toArray(String[]::new));
        List<RedisFuture<List<StreamMessage<String, String>>>> newest =
                ids.stream().map(tails::askNewest).toList();
        List<KeyValue<String, String>> found = answer(records);
        List<SessionRecord> read = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            List<StreamMessage<String, String>> tail = answer(newest.get(i));
            if (found.get(i).hasValue()) {
                read.add(withTail(Json.decode(found.get(i).getValue(), SessionRecord.class), tail));
            }
        }
        return read;
    }

    /** This node added {@code last} to the session's stream, and the stream ended with it. */
    void appended(String id, SealedEvent last) {
        appended.put(id, last);
    }

    /**
     * Whether writing {@code session} would change nothing a read sees: it differs from the record as read
     * only by a {@code storedSeq} and {@code lastActivity} that are those of the last event this node added
     * to the stream since (which a read takes from there).
     */
    boolean changesNothing(SessionRecord session) {
        SealedEvent last = appended.remove(session.id());
        SessionRecord known = stored.remove(session.id());
        return last != null
                && known != null
                && session.storedSeq() == last.seq()
                && session.storedSeq() > known.storedSeq()
                && session.lastActivity().equals(last.ts())
                && known.withStoredSeq(session.storedSeq(), session.lastActivity())
                        .equals(session);
    }

    private static String[] keys(SessionRecord session) {
        return new String[] {SESSIONS, RedisKeys.sessionsOf(session.accountId()), RedisKeys.tailEpoch(session.id())};
    }

    private static String[] arguments(SessionRecord session) {
        return new String[] {session.id(), Json.write(session), Objects.requireNonNullElse(session.epoch(), "")};
    }

    /** The record as written, brought up to the event its stream ends with when that is newer. */
    private static SessionRecord withTail(SessionRecord written, List<StreamMessage<String, String>> newest) {
        return RedisTails.newestOf(newest)
                .filter(event -> event.seq() > written.storedSeq())
                .map(event -> written.withStoredSeq(event.seq(), event.ts()))
                .orElse(written);
    }

    private <T> T answer(RedisFuture<T> future) {
        return LettuceFutures.awaitOrCancel(future, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
