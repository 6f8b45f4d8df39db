package dev.baton.relay.store.redis;

import static dev.baton.relay.store.redis.RedisKeys.ACCOUNTS;
import static dev.baton.relay.store.redis.RedisKeys.ACCOUNTS_BY_USER;
import static dev.baton.relay.store.redis.RedisKeys.DEVICES;
import static dev.baton.relay.store.redis.RedisKeys.ENVIRONMENTS;
import static dev.baton.relay.store.redis.RedisKeys.ORGANIZATIONS;
import static dev.baton.relay.store.redis.RedisKeys.PASSWORDS;
import static dev.baton.relay.store.redis.RedisKeys.PUSH_SUBSCRIPTIONS;
import static dev.baton.relay.store.redis.RedisKeys.SESSIONS;
import static dev.baton.relay.store.redis.RedisKeys.SETTINGS;
import static dev.baton.relay.store.redis.RedisKeys.TOKEN_EXPIRY;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.relay.hub.SessionBus;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.DeviceRecord;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.Organization;
import dev.baton.relay.store.PushSubscriptionRecord;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.StoreLocation;
import dev.baton.relay.store.TicketRecord;
import dev.baton.relay.store.TokenRecord;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store: every relay node of a deployment reads and writes one Redis (7.0 or later), so any
 * node can serve any session after another stopped. Records are the same wire JSON as in
 * {@link dev.baton.relay.store.EmbeddedStore}; the keys are listed in {@link RedisKeys} and
 * {@code docs/redis.md}. Single-key operations go over one shared connection, as Lettuce recommends;
 * writes that touch several keys go through {@link Transactions} so a crash never leaves half a record.
 */
public final class RedisStore implements RelayStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    private static final String EVENT_FIELD = "event";
    private static final String TICKET_RECORD = "record";
    /** HSETNX answers 1 only to the first redeemer; it leaves the key's expiry alone. */
    private static final String USE_TICKET =
            """
            local record = redis.call('HGET', KEYS[1], 'record')
            if not record then return {} end
            return {record, redis.call('HSETNX', KEYS[1], 'used', '1')}
            """;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;
    private final RedisCommands<String, String> redis;
    private final Transactions transactions;
    private final int tailLimit;
    private RedisSessionBus bus;

    /**
     * Connects and checks that Redis answers.
     *
     * @throws dev.baton.relay.store.StoreException when it does not, or refuses the credentials
     */
    public static RedisStore connect(StoreLocation.Redis location, int tailLimit) {
        RedisClient client = RedisClients.create(location, COMMAND_TIMEOUT);
        try {
            return new RedisStore(client, tailLimit);
        } catch (RuntimeException e) {
            client.shutdown();
            throw RedisClients.refusal(location, e);
        }
    }

    private RedisStore(RedisClient client, int tailLimit) {
        this.client = client;
        this.shared = client.connect();
        this.redis = shared.sync();
        this.redis.ping();
        this.transactions = new Transactions(client.connect());
        this.tailLimit = tailLimit;
    }

    /** The spawn work queue on the same Redis, shared by every relay node that uses this store. */
    public RedisWorkQueue workQueue() {
        return new RedisWorkQueue(client, redis);
    }

    /** The session bus of every relay node on this Redis; one per store, closed with it. */
    public synchronized SessionBus sessionBus() {
        if (bus == null) {
            bus = new RedisSessionBus(client, redis);
        }
        return bus;
    }

    /** Whether Redis answers a PING within {@link #PING_TIMEOUT} (a readiness check must not hang). */
    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(shared.async().ping().get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException unreachable) {
            return false;
        }
    }

    /**
     * Nothing to do: Redis applies each write before it answers, and keeps it as its own persistence
     * settings say (with {@code appendonly yes} and {@code appendfsync everysec}, a crash of Redis loses
     * at most the last second; a crash of the relay loses nothing it was told was written).
     */
    @Override
    public void commit() {}

    @Override
    public Optional<Account> account(String id) {
        return read(ACCOUNTS, id, Account.class);
    }

    @Override
    public Optional<Account> accountByUser(String user) {
        return Optional.ofNullable(redis.hget(ACCOUNTS_BY_USER, user)).flatMap(this::account);
    }

    @Override
    public void putAccount(Account account) {
        transactions.run(tx -> {
            tx.hset(ACCOUNTS, account.id(), Json.write(account));
            tx.hset(ACCOUNTS_BY_USER, account.user(), account.id());
        });
    }

    @Override
    public List<Account> accounts() {
        return redis.hvals(ACCOUNTS).stream()
                .map(json -> Json.decode(json, Account.class))
                .toList();
    }

    @Override
    public Optional<Organization> organization(String name) {
        return read(ORGANIZATIONS, name, Organization.class);
    }

    @Override
    public void putOrganization(Organization organization) {
        redis.hset(ORGANIZATIONS, organization.name(), Json.write(organization));
    }

    @Override
    public List<Organization> organizations() {
        List<Organization> readable = new ArrayList<>();
        for (Map.Entry<String, String> entry : redis.hgetall(ORGANIZATIONS).entrySet()) {
            try {
                readable.add(Json.decode(entry.getValue(), Organization.class));
            } catch (RuntimeException unreadable) {
                LOG.warn(
                        "relay data: the record of organization {} cannot be read: {}",
                        entry.getKey(),
                        unreadable.getMessage());
            }
        }
        return readable;
    }

    @Override
    public Optional<String> passwordHash(String accountId) {
        return Optional.ofNullable(redis.hget(PASSWORDS, accountId));
    }

    @Override
    public void putPasswordHash(String accountId, String hash) {
        redis.hset(PASSWORDS, accountId, hash);
    }

    /**
     * The token's key expires with the token; the subject's index lives as long as its longest token
     * (NX sets the first expiry, GT only ever extends it), and the expiry index lets the relay's own
     * clock purge too.
     */
    @Override
    public void putToken(TokenRecord token) {
        long expiresAt = token.expiresAt().toEpochMilli();
        String index = RedisKeys.tokensOf(token.subjectId());
        transactions.run(tx -> {
            tx.set(RedisKeys.token(token.hash()), Json.write(token), SetArgs.Builder.pxAt(expiresAt));
            tx.sadd(index, token.hash());
            tx.pexpireat(index, expiresAt, ExpireArgs.Builder.nx());
            tx.pexpireat(index, expiresAt, ExpireArgs.Builder.gt());
            tx.zadd(TOKEN_EXPIRY, expiresAt, RedisKeys.expiryMember(token.hash(), token.subjectId()));
        });
    }

    @Override
    public Optional<TokenRecord> token(String hash) {
        return Optional.ofNullable(redis.get(RedisKeys.token(hash))).map(json -> Json.decode(json, TokenRecord.class));
    }

    /** GETDEL is the single step: of any number of concurrent takers, exactly one gets the record. */
    @Override
    public Optional<TokenRecord> takeToken(String hash) {
        Optional<TokenRecord> taken = Optional.ofNullable(redis.getdel(RedisKeys.token(hash)))
                .map(json -> Json.decode(json, TokenRecord.class));
        taken.ifPresent(token -> transactions.run(tx -> {
            tx.srem(RedisKeys.tokensOf(token.subjectId()), hash);
            tx.zrem(TOKEN_EXPIRY, RedisKeys.expiryMember(hash, token.subjectId()));
        }));
        return taken;
    }

    @Override
    public void deleteTokensOf(String subjectId) {
        String index = RedisKeys.tokensOf(subjectId);
        Set<String> hashes = redis.smembers(index);
        transactions.run(tx -> {
            for (String hash : hashes) {
                tx.del(RedisKeys.token(hash));
                tx.zrem(TOKEN_EXPIRY, RedisKeys.expiryMember(hash, subjectId));
            }
            tx.del(index);
        });
    }

    /** Redis expires tokens by its own clock; this purges by the relay's, and tidies the indexes. */
    @Override
    public void deleteExpiredTokens(Instant now) {
        List<String> expired =
                redis.zrangebyscore(TOKEN_EXPIRY, Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()));
        if (expired.isEmpty()) {
            return;
        }
        transactions.run(tx -> {
            for (String member : expired) {
                int colon = member.indexOf(':');
                String hash = member.substring(0, colon);
                tx.del(RedisKeys.token(hash));
                tx.srem(RedisKeys.tokensOf(member.substring(colon + 1)), hash);
                tx.zrem(TOKEN_EXPIRY, member);
            }
        });
    }

    /**
     * A hash with the record (as minted, unused) and, once redeemed, a {@code used} field; the key
     * expires by Redis's clock at {@link TicketRecord#forgetAt}.
     */
    @Override
    public void putTicket(TicketRecord ticket) {
        String key = RedisKeys.ticket(ticket.hash());
        transactions.run(tx -> {
            tx.hset(key, TICKET_RECORD, Json.write(ticket));
            tx.pexpireat(key, ticket.forgetAt().toEpochMilli());
        });
    }

    /** One script, so reading the ticket and marking it used is a single step for every node. */
    @Override
    public Optional<TicketRecord> useTicket(String hash) {
        List<Object> answer = redis.eval(USE_TICKET, ScriptOutputType.MULTI, RedisKeys.ticket(hash));
        if (answer == null || answer.isEmpty()) {
            return Optional.empty();
        }
        TicketRecord ticket = Json.decode((String) answer.get(0), TicketRecord.class);
        boolean markedNow = ((Long) answer.get(1)) == 1L;
        return Optional.of(markedNow ? ticket : ticket.spent());
    }

    @Override
    public void putEnvironment(EnvironmentRecord environment) {
        redis.hset(ENVIRONMENTS, environment.id(), Json.write(environment));
    }

    @Override
    public Optional<EnvironmentRecord> environment(String id) {
        return read(ENVIRONMENTS, id, EnvironmentRecord.class);
    }

    @Override
    public void deleteEnvironment(String id) {
        redis.hdel(ENVIRONMENTS, id);
    }

    @Override
    public void putSession(SessionRecord session) {
        transactions.run(tx -> {
            tx.hset(SESSIONS, session.id(), Json.write(session));
            tx.sadd(RedisKeys.sessionsOf(session.accountId()), session.id());
        });
    }

    @Override
    public Optional<SessionRecord> session(String id) {
        return read(SESSIONS, id, SessionRecord.class);
    }

    @Override
    public List<SessionRecord> sessionsOf(String accountId) {
        return readMembers(SESSIONS, RedisKeys.sessionsOf(accountId), SessionRecord.class);
    }

    @Override
    public void putDevice(DeviceRecord device) {
        transactions.run(tx -> {
            tx.hset(DEVICES, device.id(), Json.write(device));
            tx.sadd(RedisKeys.devicesOf(device.accountId()), device.id());
        });
    }

    @Override
    public Optional<DeviceRecord> device(String id) {
        return read(DEVICES, id, DeviceRecord.class);
    }

    @Override
    public List<DeviceRecord> devicesOf(String accountId) {
        return readMembers(DEVICES, RedisKeys.devicesOf(accountId), DeviceRecord.class);
    }

    @Override
    public void deleteDevice(String id) {
        Optional<DeviceRecord> device = device(id);
        transactions.run(tx -> {
            device.ifPresent(record -> tx.srem(RedisKeys.devicesOf(record.accountId()), id));
            tx.hdel(DEVICES, id);
            tx.hdel(PUSH_SUBSCRIPTIONS, id);
        });
    }

    @Override
    public Optional<PushSubscriptionRecord> pushSubscription(String deviceId) {
        return read(PUSH_SUBSCRIPTIONS, deviceId, PushSubscriptionRecord.class);
    }

    @Override
    public void putPushSubscription(PushSubscriptionRecord subscription) {
        redis.hset(PUSH_SUBSCRIPTIONS, subscription.deviceId(), Json.write(subscription));
    }

    @Override
    public void deletePushSubscription(String deviceId) {
        redis.hdel(PUSH_SUBSCRIPTIONS, deviceId);
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(redis.hget(SETTINGS, name));
    }

    @Override
    public void putSetting(String name, String value) {
        redis.hset(SETTINGS, name, value);
    }

    /**
     * One XADD per event with the entry id {@code seq-0} and exact MAXLEN trimming. An event the
     * stream already holds (a host resending after a relay crashed between this call and the session
     * record's write) is refused by Redis as an id not above the last, and that refusal is ignored: the
     * stream has that seq already, from the same epoch since a new epoch clears the stream first.
     */
    @Override
    public void appendEvents(String sessionId, List<SealedEvent> events) {
        String key = RedisKeys.tail(sessionId);
        transactions.runTolerating("equal or smaller than the target stream top item", tx -> {
            for (SealedEvent event : events) {
                XAddArgs args =
                        new XAddArgs().id(event.seq() + "-0").maxlen(tailLimit).exactTrimming();
                tx.xadd(key, args, Map.of(EVENT_FIELD, Json.write(event)));
            }
        });
    }

    @Override
    public List<SealedEvent> eventsAfter(String sessionId, long afterSeq) {
        Range<String> after = Range.from(Range.Boundary.excluding(afterSeq + "-0"), Range.Boundary.unbounded());
        return redis.xrange(RedisKeys.tail(sessionId), after).stream()
                .map(message -> Json.decode(message.getBody().get(EVENT_FIELD), SealedEvent.class))
                .toList();
    }

    @Override
    public long firstStoredSeq(String sessionId) {
        List<StreamMessage<String, String>> first =
                redis.xrange(RedisKeys.tail(sessionId), Range.unbounded(), Limit.from(1));
        return first.isEmpty() ? 0 : seqOf(first.getFirst().getId());
    }

    /** Deleting the stream also forgets its last id, so a new epoch's seq 1 can be added again. */
    @Override
    public void clearEvents(String sessionId) {
        redis.del(RedisKeys.tail(sessionId));
    }

    @Override
    public List<InputFrame> keptInputs(String sessionId) {
        return redis.lrange(RedisKeys.inputs(sessionId), 0, -1).stream()
                .map(json -> Json.decode(json, InputFrame.class))
                .toList();
    }

    @Override
    public void keepInput(String sessionId, InputFrame input) {
        redis.rpush(RedisKeys.inputs(sessionId), Json.write(input));
    }

    /** LREM by the exact stored JSON removes only those entries, whatever was pushed meanwhile. */
    @Override
    public void dropInputs(String sessionId, Collection<String> inputIds) {
        Set<String> ids = new HashSet<>(inputIds);
        String key = RedisKeys.inputs(sessionId);
        List<String> doomed = redis.lrange(key, 0, -1).stream()
                .filter(json -> ids.contains(Json.decode(json, InputFrame.class).inputId()))
                .toList();
        if (!doomed.isEmpty()) {
            transactions.run(tx -> doomed.forEach(json -> tx.lrem(key, 0, json)));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (bus != null) {
                bus.close();
            }
        }
        transactions.close();
        shared.close();
        client.shutdown();
    }

    private static long seqOf(String streamId) {
        return Long.parseLong(streamId.substring(0, streamId.indexOf('-')));
    }

    private <T> Optional<T> read(String hash, String field, Class<T> type) {
        return Optional.ofNullable(redis.hget(hash, field)).map(json -> Json.decode(json, type));
    }

    private <T> List<T> readMembers(String hash, String index, Class<T> type) {
        String[] ids = redis.smembers(index).toArray(String[]::new);
        if (ids.length == 0) {
            return List.of();
        }
        return redis.hmget(hash, ids).stream()
                .filter(value -> value.hasValue())
                .map(value -> Json.decode(value.getValue(), type))
                .toList();
    }
}
