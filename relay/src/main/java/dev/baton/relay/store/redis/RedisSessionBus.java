package dev.baton.relay.store.redis;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.relay.auth.Secrets;
import dev.baton.relay.hub.SessionBus;
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
import java.util.function.Consumer;
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

    /** What goes over a session's events channel: a batch, or the host's presence ({@code online} set). */
    record Message(String node, String epoch, List<SealedEvent> events, Boolean online) {}

    /** How long a host's presence outlives a node that stopped refreshing it (one killed, say). */
    private static final Duration PRESENCE_TTL = Duration.ofSeconds(30);

    /** Deletes the presence key only while it names this node: a newer host elsewhere keeps its own. */
    private static final String RELEASE_PRESENCE =
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final String node = Secrets.id("node_");
    private final RedisCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();
    private final Map<String, Consumer<InputFrame>> hosts = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("relay-bus").daemon().factory());
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("relay-bus-presence").daemon().factory());

    RedisSessionBus(RedisClient client, RedisCommands<String, String> redis) {
        this.redis = redis;
        this.subscriptions = client.connectPubSub();
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
                delivery.execute(() -> {
                    if (RedisKeys.isHostInputs(channel)) {
                        deliverInput(channel, message);
                    } else {
                        deliver(channel, message);
                    }
                });
            }
        });
        long every = PRESENCE_TTL.toMillis() / 3;
        refresher.scheduleAtFixedRate(this::refreshPresence, every, every, TimeUnit.MILLISECONDS);
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
                    Json.write(new Message(node, batch.epoch(), batch.events(), null)));
        } catch (RuntimeException e) {
            LOG.warn("session bus: a batch of session {} was not published: {}", batch.sessionId(), e.getMessage());
        }
    }

    @Override
    public void follow(String sessionId, Follower follower) {
        if (followers.put(sessionId, follower) == null) {
            subscriptions.sync().ssubscribe(RedisKeys.sessionEvents(sessionId));
        }
    }

    @Override
    public void unfollow(String sessionId) {
        if (followers.remove(sessionId) != null) {
            subscriptions.sync().sunsubscribe(RedisKeys.sessionEvents(sessionId));
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

    @Override
    public void host(String sessionId, Consumer<InputFrame> deliver) {
        if (hosts.put(sessionId, deliver) == null) {
            subscriptions.sync().ssubscribe(RedisKeys.hostInputs(sessionId));
        }
        redis.set(RedisKeys.presence(sessionId), node, SetArgs.Builder.px(PRESENCE_TTL));
        announce(sessionId, true);
    }

    @Override
    public void unhost(String sessionId) {
        if (hosts.remove(sessionId) != null) {
            subscriptions.sync().sunsubscribe(RedisKeys.hostInputs(sessionId));
        }
        Long released = redis.eval(
                RELEASE_PRESENCE, ScriptOutputType.INTEGER, new String[] {RedisKeys.presence(sessionId)}, node);
        if (released != null && released > 0) {
            announce(sessionId, false);
        }
    }

    /** The presence key is the truth for every node, this one included. */
    @Override
    public Optional<Boolean> hostOnline(String sessionId) {
        return Optional.of(redis.exists(RedisKeys.presence(sessionId)) > 0);
    }

    private void announce(String sessionId, boolean online) {
        redis.spublish(RedisKeys.sessionEvents(sessionId), Json.write(new Message(node, null, List.of(), online)));
    }

    private void refreshPresence() {
        for (String sessionId : hosts.keySet()) {
            try {
                redis.set(RedisKeys.presence(sessionId), node, SetArgs.Builder.px(PRESENCE_TTL));
            } catch (RuntimeException e) {
                LOG.warn("session bus: presence of session {} not refreshed: {}", sessionId, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        delivery.shutdownNow();
        subscriptions.close();
    }

    private void deliverInput(String channel, String text) {
        String sessionId = RedisKeys.sessionOfHostInputs(channel);
        Consumer<InputFrame> host = hosts.get(sessionId);
        if (host == null) {
            return;
        }
        try {
            host.accept(Json.decode(text, InputFrame.class));
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
            if (message.online() != null) {
                follower.presence(sessionId, message.online());
            } else {
                follower.batch(new Batch(sessionId, message.epoch(), message.events()));
            }
        } catch (RuntimeException e) {
            LOG.warn("session bus: a batch for session {} could not be delivered: {}", sessionId, e.getMessage());
        }
    }
}
