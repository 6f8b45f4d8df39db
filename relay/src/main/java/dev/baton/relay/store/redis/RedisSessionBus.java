package dev.baton.relay.store.redis;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.ErrorFrame;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.relay.auth.Secrets;
import dev.baton.relay.hub.SessionBus;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session bus of relay nodes sharing one Redis: a sharded pub/sub channel per session
 * ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7), carrying each committed batch with the id of the node
 * that published it, so a node ignores its own. Messages are handed on from one thread of the bus, in
 * order, and never on Lettuce's event loop: delivery takes a route lock whose holder may be waiting for
 * a subscription that loop confirms.
 */
final class RedisSessionBus implements SessionBus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionBus.class);

    /**
     * What goes over a session's events channel: a batch, the host's presence ({@code online} set), or
     * why nobody will host the session now ({@code notHosted} set).
     */
    record Message(String node, String epoch, List<SealedEvent> events, Boolean online, NotHosted notHosted) {}

    /** The error frame the session's devices get, as its code and message. */
    record NotHosted(ErrorCode code, String message) {}

    /**
     * How long a host's presence outlives a node that stopped refreshing it (one killed, say). With the
     * refresh and the check below, devices on the other nodes are told "offline" between 20 and 27.5 s
     * after the node died: within the protocol's 30 s liveness window, as for a host gone silent.
     */
    static final Duration PRESENCE_TTL = Duration.ofSeconds(25);

    private static final Duration PRESENCE_REFRESH = Duration.ofSeconds(5);
    /**
     * How long a session's hello count outlives the last node holding a host of it. Every node renews it
     * with its hosts' presence, so no stream's number is ever compared with a count that started again;
     * the margin over the refresh is for a node that cannot reach Redis for a while.
     */
    static final Duration HELLOS_TTL = Duration.ofHours(1);
    /** How often a node reads the presence of the sessions it has devices of and does not host. */
    static final Duration PRESENCE_CHECK = Duration.ofMillis(2500);
    /** Presence keys read by one {@code MGET}. */
    private static final int CHECK_BATCH = 500;

    /** Deletes the presence key only while it names this node: a newer host elsewhere keeps its own. */
    private static final String RELEASE_PRESENCE =
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** Counts a hello (KEYS[1]) and keeps the count ARGV[1] ms. */
    private static final String COUNT_HELLO =
            """
            local number = redis.call('INCR', KEYS[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return number
            """;

    /**
     * Keeps the session's hello count (KEYS[2]) ARGV[3] ms more, as long as any node holds a host of it.
     * Sets the presence key (KEYS[1]) to this node (ARGV[1]) for ARGV[2] ms unless it names another node:
     * a host of the session said hello there since, and its node owns the key, while this node may still
     * hold an older stream of the same session that has not ended yet.
     */
    private static final String REFRESH_PRESENCE =
            """
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    /** On a session's host notices channel: a device of the session's account was paired or revoked. */
    private static final String DEVICES_CHANGED = "devices_changed";
    /**
     * On a session's host notices channel: a host said hello on {@code node}, as the session's hello
     * {@code number}, with {@code epoch} (last: an epoch is the backend's string).
     */
    private record HelloNotice(String node, long number, String epoch) {
        private static final String PREFIX = "hello ";

        String text() {
            return PREFIX + node + " " + number + " " + epoch;
        }

        /**
         * Empty for another notice. A relay of an earlier version says only its node, which is heard as an
         * unnumbered hello of no epoch: the epoch check alone.
         */
        static Optional<HelloNotice> parse(String text) {
            String[] parts = text.split(" ", 4);
            if (!text.startsWith(PREFIX) || (parts.length != 2 && parts.length != 4)) {
                return Optional.empty();
            }
            if (parts.length == 2) {
                return Optional.of(new HelloNotice(parts[1], 0, ""));
            }
            try {
                return Optional.of(new HelloNotice(parts[1], Long.parseLong(parts[2]), parts[3]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private final String node = Secrets.id("node_");
    private final RedisCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();
    private final Map<String, Holder> hosts = new ConcurrentHashMap<>();
    private final RedisAudiences audiences;
    private final Script countHello;
    private final Script refreshPresence;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("relay-bus").daemon().factory());
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("relay-bus-presence").daemon().factory());

    RedisSessionBus(RedisClient client, RedisCommands<String, String> redis) {
        this.redis = redis;
        this.audiences = new RedisAudiences(node, redis, PRESENCE_TTL, System::currentTimeMillis);
        this.countHello = Script.load(redis, COUNT_HELLO);
        this.refreshPresence = Script.load(redis, REFRESH_PRESENCE);
        this.subscriptions = client.connectPubSub();
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
                delivery.execute(() -> {
                    if (RedisKeys.isHostInputs(channel)) {
                        deliverInput(channel, message);
                    } else if (RedisKeys.isHostAudience(channel)) {
                        audienceChanged(RedisKeys.sessionOfHostAudience(channel), message);
                    } else if (RedisKeys.isHostNotices(channel)) {
                        notice(RedisKeys.sessionOfHostNotices(channel), message);
                    } else {
                        deliver(channel, message);
                    }
                });
            }
        });
        long every = PRESENCE_REFRESH.toMillis();
        refresher.scheduleAtFixedRate(this::refreshPresence, every, every, TimeUnit.MILLISECONDS);
        long check = PRESENCE_CHECK.toMillis();
        refresher.scheduleWithFixedDelay(this::checkPresence, check, check, TimeUnit.MILLISECONDS);
    }

    /**
     * A lost publish costs a device on another node only liveness: the batch is in the tail, and the
     * device's next subscribe reads it from there.
     */
    @Override
    public void publish(Batch batch) {
        try {
            redis.spublish(
                    RedisKeys.sessionEvents(batch.sessionId()),
                    Json.write(new Message(node, batch.epoch(), batch.events(), null, null)));
        } catch (RuntimeException e) {
            LOG.warn("session bus: a batch of session {} was not published: {}", batch.sessionId(), e.getMessage());
        }
    }

    /** A subscription that failed (Redis away) is forgotten, so the device's next subscribe tries again. */
    @Override
    public void follow(String sessionId, Follower follower) {
        if (followers.put(sessionId, follower) == null) {
            try {
                subscriptions.sync().ssubscribe(RedisKeys.sessionEvents(sessionId));
            } catch (RuntimeException e) {
                followers.remove(sessionId, follower);
                throw e;
            }
        }
    }

    @Override
    public void unfollow(String sessionId) {
        if (followers.remove(sessionId) != null) {
            try {
                subscriptions.sync().sunsubscribe(RedisKeys.sessionEvents(sessionId));
            } catch (RuntimeException e) {
                // Messages for a session nobody follows are dropped on arrival.
                LOG.warn("session bus: session {} not unsubscribed: {}", sessionId, e.getMessage());
            }
        }
    }

    /** SPUBLISH answers how many subscribers heard it; only a node holding the host subscribes. */
    @Override
    public boolean offerInput(String sessionId, InputFrame input) {
        try {
            return redis.spublish(RedisKeys.hostInputs(sessionId), Json.write(input)) > 0;
        } catch (RuntimeException e) {
            LOG.warn("session bus: an input of session {} was not offered: {}", sessionId, e.getMessage());
            return false;
        }
    }

    /**
     * Fails (and holds nothing) when Redis cannot be reached: the host's hello fails and it reconnects. The
     * hello is told on the host notices channel once this node listens there, so a hello on another node
     * told after this one is heard here.
     */
    @Override
    public long host(String sessionId, String epoch, Holder holder) {
        if (hosts.put(sessionId, holder) == null) {
            try {
                subscriptions
                        .sync()
                        .ssubscribe(
                                RedisKeys.hostInputs(sessionId),
                                RedisKeys.hostAudience(sessionId),
                                RedisKeys.hostNotices(sessionId));
            } catch (RuntimeException e) {
                hosts.remove(sessionId, holder);
                throw e;
            }
        }
        // Counted after listening: a later hello on another node is counted, and so told, after that.
        long hello =
                countHello.run(redis, new String[] {RedisKeys.hellos(sessionId)}, Long.toString(HELLOS_TTL.toMillis()));
        redis.set(RedisKeys.presence(sessionId), node, SetArgs.Builder.px(PRESENCE_TTL));
        audiences.reload(sessionId);
        announce(sessionId, true);
        redis.spublish(RedisKeys.hostNotices(sessionId), new HelloNotice(node, hello, epoch).text());
        return hello;
    }

    /** Heard only by a node holding the host; with none, the backend checks its devices when it next hosts. */
    @Override
    public void devicesChanged(String sessionId) {
        try {
            redis.spublish(RedisKeys.hostNotices(sessionId), DEVICES_CHANGED);
        } catch (RuntimeException e) {
            LOG.warn("session bus: session {}'s host not told its devices changed: {}", sessionId, e.getMessage());
        }
    }

    /** Written for whichever node holds the host now or later; the holder, if any, is told to read it. */
    @Override
    public void audience(String sessionId, Audience here) {
        try {
            if (audiences.share(sessionId, here)) {
                redis.spublish(RedisKeys.hostAudience(sessionId), node);
            }
        } catch (RuntimeException e) {
            LOG.warn("session bus: the audience of session {} not shared: {}", sessionId, e.getMessage());
        }
    }

    @Override
    public Audience elsewhere(String sessionId) {
        return audiences.elsewhere(sessionId);
    }

    /**
     * A notice lost (Redis away) leaves those devices waiting, as before. Its empty batch is what a node
     * of an earlier version, which knows no {@code notHosted}, sees: nothing.
     */
    @Override
    public void notHosted(String sessionId, ErrorFrame why) {
        try {
            redis.spublish(
                    RedisKeys.sessionEvents(sessionId),
                    Json.write(new Message(node, null, List.of(), null, new NotHosted(why.code(), why.message()))));
        } catch (RuntimeException e) {
            LOG.warn(
                    "session bus: session {}'s devices elsewhere not told why nobody hosts it: {}",
                    sessionId,
                    e.getMessage());
        }
    }

    /** Redis away reads as nobody: the devices there ask for the session again when they resubscribe. */
    @Override
    public boolean followedOnOtherNodes(String sessionId) {
        try {
            return !audiences.read(sessionId).isEmpty();
        } catch (RuntimeException e) {
            LOG.warn("session bus: who follows session {} elsewhere not read: {}", sessionId, e.getMessage());
            return false;
        }
    }

    /**
     * Never fails: a host that left is gone whatever Redis says. A presence key this node could not
     * delete expires, unrefreshed, within {@link #PRESENCE_TTL}, and the other nodes' check notices.
     */
    @Override
    public void unhost(String sessionId) {
        try {
            stopHolding(sessionId);
            Long released = redis.eval(
                    RELEASE_PRESENCE, ScriptOutputType.INTEGER, new String[] {RedisKeys.presence(sessionId)}, node);
            if (released != null && released > 0) {
                announce(sessionId, false);
            }
        } catch (RuntimeException e) {
            LOG.warn("session bus: the host of session {} left while Redis was away: {}", sessionId, e.getMessage());
        }
    }

    /**
     * Never fails, like {@link #unhost}. The presence key is the new host's, whichever node it names now: a
     * key this node wrote last is refreshed by the new host's node within {@link #PRESENCE_REFRESH}.
     */
    @Override
    public void handOver(String sessionId) {
        try {
            stopHolding(sessionId);
        } catch (RuntimeException e) {
            LOG.warn("session bus: session {} handed over while Redis was away: {}", sessionId, e.getMessage());
        }
    }

    private void stopHolding(String sessionId) {
        audiences.forget(sessionId);
        if (hosts.remove(sessionId) != null) {
            subscriptions
                    .sync()
                    .sunsubscribe(
                            RedisKeys.hostInputs(sessionId),
                            RedisKeys.hostAudience(sessionId),
                            RedisKeys.hostNotices(sessionId));
        }
    }

    /** The presence key is the truth for every node, this one included. */
    @Override
    public Optional<Boolean> hostOnline(String sessionId) {
        return Optional.of(redis.exists(RedisKeys.presence(sessionId)) > 0);
    }

    private void announce(String sessionId, boolean online) {
        redis.spublish(
                RedisKeys.sessionEvents(sessionId), Json.write(new Message(node, null, List.of(), online, null)));
    }

    private void refreshPresence() {
        try {
            audiences.refresh();
        } catch (RuntimeException e) {
            LOG.warn("session bus: audiences not refreshed: {}", e.getMessage());
        }
        for (String sessionId : hosts.keySet()) {
            try {
                refreshPresence.run(
                        redis,
                        new String[] {RedisKeys.presence(sessionId), RedisKeys.hellos(sessionId)},
                        node,
                        Long.toString(PRESENCE_TTL.toMillis()),
                        Long.toString(HELLOS_TTL.toMillis()));
            } catch (RuntimeException e) {
                LOG.warn("session bus: presence of session {} not refreshed: {}", sessionId, e.getMessage());
            }
        }
    }

    /**
     * A node that dies says nothing: its hosts' presence keys just expire, and no message tells the
     * nodes with devices of those sessions. So each node reads, every {@link #PRESENCE_CHECK}, the keys
     * of the sessions it follows and does not host, and hands what they say to the followers like an
     * announcement (they tell their devices only a change). The same read repairs an announcement lost
     * while Redis was unreachable.
     */
    private void checkPresence() {
        // Another node's audience entry lapses silently when that node dies.
        for (String sessionId : audiences.followedElsewhere()) {
            delivery.execute(() -> audienceChanged(sessionId, null));
        }
        List<String> watched = followers.keySet().stream()
                .filter(sessionId -> !hosts.containsKey(sessionId))
                .toList();
        for (int from = 0; from < watched.size(); from += CHECK_BATCH) {
            List<String> batch = watched.subList(from, Math.min(watched.size(), from + CHECK_BATCH));
            List<KeyValue<String, String>> held;
            try {
                held = redis.mget(batch.stream().map(RedisKeys::presence).toArray(String[]::new));
            } catch (RuntimeException e) {
                LOG.warn("session bus: presence not checked: {}", e.getMessage());
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                String sessionId = batch.get(i);
                boolean online = held.get(i).hasValue();
                delivery.execute(() -> {
                    Follower follower = followers.get(sessionId);
                    if (follower != null && !hosts.containsKey(sessionId)) {
                        follower.presence(sessionId, online);
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        delivery.shutdownNow();
        subscriptions.close();
    }

    /** @param fromNode the node that said so, or null for the periodic read */
    private void audienceChanged(String sessionId, String fromNode) {
        Holder holder = hosts.get(sessionId);
        if (holder == null || node.equals(fromNode)) {
            return;
        }
        try {
            if (audiences.reload(sessionId)) {
                holder.audienceChanged(sessionId);
            }
        } catch (RuntimeException e) {
            LOG.warn("session bus: the audience of session {} not read: {}", sessionId, e.getMessage());
        }
    }

    /** A notice for the host of a session this node holds; a hello on this node is not news to it. */
    private void notice(String sessionId, String notice) {
        Holder holder = hosts.get(sessionId);
        if (holder == null) {
            return;
        }
        try {
            if (notice.equals(DEVICES_CHANGED)) {
                holder.devicesChanged(sessionId);
            } else {
                HelloNotice.parse(notice)
                        .filter(hello -> !hello.node().equals(node))
                        .ifPresent(hello -> holder.helloElsewhere(sessionId, hello.epoch(), hello.number()));
            }
        } catch (RuntimeException e) {
            LOG.warn("session bus: a notice for session {}'s host could not be handled: {}", sessionId, e.getMessage());
        }
    }

    private void deliverInput(String channel, String text) {
        String sessionId = RedisKeys.sessionOfHostInputs(channel);
        Holder holder = hosts.get(sessionId);
        if (holder == null) {
            return;
        }
        try {
            holder.input(sessionId, Json.decode(text, InputFrame.class));
        } catch (RuntimeException e) {
            LOG.warn("session bus: an input for session {} could not be delivered: {}", sessionId, e.getMessage());
        }
    }

    private void deliver(String channel, String text) {
        String sessionId = RedisKeys.sessionOfEvents(channel);
        Follower follower = followers.get(sessionId);
        if (follower == null) {
            return;
        }
        try {
            Message message = Json.decode(text, Message.class);
            if (node.equals(message.node())) {
                return;
            }
            if (message.notHosted() != null) {
                follower.notHosted(
                        sessionId,
                        new ErrorFrame(
                                message.notHosted().code(), message.notHosted().message()));
            } else if (message.online() != null) {
                follower.presence(sessionId, message.online());
            } else {
                follower.batch(new Batch(sessionId, message.epoch(), message.events()));
            }
        } catch (RuntimeException e) {
            LOG.warn("session bus: a batch for session {} could not be delivered: {}", sessionId, e.getMessage());
        }
    }
}
