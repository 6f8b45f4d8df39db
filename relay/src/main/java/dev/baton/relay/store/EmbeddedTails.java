package dev.baton.relay.store;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Each session's bounded event tail and kept inputs in the embedded store: one MVStore map per session
 * for each ({@code tail.<id>}, {@code inputs.<id>}), keyed by seq and by arrival, holding the wire JSON.
 *
 * <p>A tail holds each event's JSON as UTF-8 bytes. MVStore serialises a String one char at a time when
 * it commits and a byte array in one copy, and on a busy relay the commit was mostly that loop. The maps'
 * value type tags each value with its kind, so a file written when the tail held Strings reads back too.
 */
final class EmbeddedTails {
    private final MVStore store;
    private final int tailLimit;
    /** Each session's tail map, opened once: opening one by name looks it up in the store's metadata. */
    private final Map<String, MVMap<Long, Object>> tails = new ConcurrentHashMap<>();

    EmbeddedTails(MVStore store, int tailLimit) {
        this.store = store;
        this.tailLimit = tailLimit;
    }

    /** Adds events as the host wrote them, dropping the oldest beyond the limit. */
    void append(String sessionId, List<EncodedEvent> events) {
        MVMap<Long, Object> tail = tail(sessionId);
        for (EncodedEvent event : events) {
            tail.put(event.seq(), event.json().getBytes(StandardCharsets.UTF_8));
        }
        while (tail.size() > tailLimit) {
            tail.remove(tail.firstKey());
        }
    }

    List<SealedEvent> after(String sessionId, long afterSeq) {
        List<SealedEvent> events = new ArrayList<>();
        Cursor<Long, Object> cursor = tail(sessionId).cursor(afterSeq + 1);
        while (cursor.hasNext()) {
            cursor.next();
            events.add(decode(cursor.getValue()));
        }
        return events;
    }

    long firstSeq(String sessionId) {
        Long first = tail(sessionId).firstKey();
        return first == null ? 0 : first;
    }

    /** The tail's last seq, 0 when it holds none (without creating a map for a session that has no tail). */
    long lastSeq(String sessionId) {
        if (!tails.containsKey(sessionId) && !store.hasMap("tail." + sessionId)) {
            return 0;
        }
        Long last = tail(sessionId).lastKey();
        return last == null ? 0 : last;
    }

    /** The event at {@code seq}, when the tail still holds it. */
    Optional<SealedEvent> event(String sessionId, long seq) {
        return Optional.ofNullable(tail(sessionId).get(seq)).map(EmbeddedTails::decode);
    }

    void clear(String sessionId) {
        tail(sessionId).clear();
    }

    List<InputFrame> keptInputs(String sessionId) {
        return new ArrayList<>(inputs(sessionId).values())
                .stream().map(json -> Json.decode(json, InputFrame.class)).toList();
    }

    void keepInput(String sessionId, InputFrame input) {
        MVMap<Long, String> inputs = inputs(sessionId);
        Long last = inputs.lastKey();
        inputs.put(last == null ? 1 : last + 1, Json.write(input));
    }

    void dropInputs(String sessionId, Collection<String> inputIds) {
        Set<String> ids = new HashSet<>(inputIds);
        MVMap<Long, String> inputs = inputs(sessionId);
        List<Long> doomed = new ArrayList<>();
        for (Map.Entry<Long, String> entry : inputs.entrySet()) {
            if (ids.contains(Json.decode(entry.getValue(), InputFrame.class).inputId())) {
                doomed.add(entry.getKey());
            }
        }
        doomed.forEach(inputs::remove);
    }

    private static SealedEvent decode(Object stored) {
        String json = stored instanceof byte[] utf8 ? new String(utf8, StandardCharsets.UTF_8) : (String) stored;
        return Json.decode(json, SealedEvent.class);
    }

    private MVMap<Long, Object> tail(String sessionId) {
        return tails.computeIfAbsent(sessionId, id -> store.openMap("tail." + id));
    }

    private MVMap<Long, String> inputs(String sessionId) {
        return store.openMap("inputs." + sessionId);
    }
}
