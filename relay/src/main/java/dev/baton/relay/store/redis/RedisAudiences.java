package dev.baton.relay.store.redis;

import dev.baton.protocol.Json;
import dev.baton.relay.hub.SessionBus.Audience;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who follows each session through each relay node, kept in Redis so that the node holding a session's
 * host counts every device (the {@code viewers} frame) and knows whether any page is in front (no push
 * then), wherever the devices are connected. One hash per session, one field per node; each field
 * carries its own deadline, refreshed by its node, so a node that dies stops counting once it passes.
 */
final class RedisAudiences {
    /** One node's field: the device ids subscribed through it, those looking, and until when it holds. */
    record Entry(List<String> devices, List<String> looking, long until) {}

    private final String node;
    private final RedisCommands<String, String> redis;
    private final Duration ttl;
    private final LongSupplier clock;
    /** This node's audience of each session it has devices of. */
    private final Map<String, Audience> here = new ConcurrentHashMap<>();
    /** The other nodes' audience of each session this node hosts, as last read. */
    private final Map<String, Audience> elsewhere = new ConcurrentHashMap<>();

    RedisAudiences(String node, RedisCommands<String, String> redis, Duration ttl, LongSupplier clock) {
        this.node = node;
        this.redis = redis;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Records this node's audience of a session and writes it; false when it had not changed, so nobody
     * needs telling. A write that fails is repeated by the next {@link #refresh()}.
     */
    boolean share(String sessionId, Audience audience) {
        Audience before = audience.isEmpty() ? here.remove(sessionId) : here.put(sessionId, audience);
        if (audience.isEmpty() ? before == null : audience.equals(before)) {
            return false;
        }
        if (audience.isEmpty()) {
            redis.hdel(RedisKeys.audience(sessionId), node);
        } else {
            write(sessionId, audience);
        }
        return true;
    }

    /** Pushes this node's fields' deadlines forward. */
    void refresh() {
        here.forEach(this::write);
    }

    /** Reads what the other nodes hold of a session this node hosts; true when it changed. */
    boolean reload(String sessionId) {
        Audience read = read(sessionId);
        Audience before = elsewhere.put(sessionId, read);
        return !read.equals(before == null ? Audience.NONE : before);
    }

    /** What the other nodes hold of a session now, their lapsed fields left out; nothing is kept. */
    Audience read(String sessionId) {
        long now = clock.getAsLong();
        Set<String> devices = new HashSet<>();
        Set<String> looking = new HashSet<>();
        redis.hgetall(RedisKeys.audience(sessionId)).forEach((field, value) -> {
            if (!field.equals(node)) {
                Entry entry = Json.decode(value, Entry.class);
                if (entry.until() > now) {
                    devices.addAll(entry.devices());
                    looking.addAll(entry.looking());
                }
            }
        });
        return new Audience(devices, looking);
    }

    Audience elsewhere(String sessionId) {
        return elsewhere.getOrDefault(sessionId, Audience.NONE);
    }

    /** The sessions this node hosts that other nodes follow: their entries may lapse and must be read again. */
    Set<String> followedElsewhere() {
        Set<String> followed = new HashSet<>();
        elsewhere.forEach((sessionId, audience) -> {
            if (!audience.isEmpty()) {
                followed.add(sessionId);
            }
        });
        return followed;
    }

    /** The host left this node. */
    void forget(String sessionId) {
        elsewhere.remove(sessionId);
    }

    private void write(String sessionId, Audience audience) {
        String key = RedisKeys.audience(sessionId);
        Entry entry = new Entry(
                List.copyOf(audience.devices()), List.copyOf(audience.looking()), clock.getAsLong() + ttl.toMillis());
        redis.hset(key, node, Json.write(entry));
        redis.pexpire(key, ttl.multipliedBy(2));
    }
}
