package dev.baton.relay.store.redis;

import static dev.baton.relay.store.redis.RedisKeys.SESSIONS;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.relay.store.SessionRecord;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reading session records, and telling which write of one would change nothing a read sees. A session's
 * stream ends with its newest event, so a record's {@code storedSeq} and {@code lastActivity} are read from
 * there when it is ahead of the record: the record need not be rewritten (its snapshot with it) for every
 * frame of events, which cost the relay more than the events did. A read is the record and the stream's
 * last entry, asked for together: one round trip.
 */
final class RedisSessions {
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

    /**
     * @param async the store's shared connection, as pipelined calls
     * @param timeout how long a read may wait for its answers
     */
    RedisSessions(RedisAsyncCommands<String, String> async, RedisTails tails, Duration timeout) {
        this.async = async;
        this.tails = tails;
        this.timeout = timeout;
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

    /** The session's stream was deleted: what this node appended to it no longer counts. */
    void cleared(String id) {
        appended.remove(id);
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
