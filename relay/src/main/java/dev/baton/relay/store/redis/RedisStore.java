package dev.baton.relay.store.redis;

import static dev.baton.relay.store.redis.RedisKeys.ACCOUNTS;
import static dev.baton.relay.store.redis.RedisKeys.ACCOUNTS_BY_USER;
import static dev.baton.relay.store.redis.RedisKeys.DEVICES;
import static dev.baton.relay.store.redis.RedisKeys.ENVIRONMENTS;
import static dev.baton.relay.store.redis.RedisKeys.ORGANIZATIONS;
import static dev.baton.relay.store.redis.RedisKeys.PASSWORDS;
import static dev.baton.relay.store.redis.RedisKeys.PUSH_SUBSCRIPTIONS;
import static dev.baton.relay.store.redis.RedisKeys.SETTINGS;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import dev.baton.relay.hub.SessionBus;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.AgreementKeys;
import dev.baton.relay.store.DeviceRecord;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.Organization;
import dev.baton.relay.store.PushSubscriptionRecord;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.StoreLocation;
import dev.baton.relay.store.TicketRecord;
import dev.baton.relay.store.TokenRecord;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * writes that touch several keys go through {@link Transactions}, or a script where they are frequent, so
 * a crash never leaves half a record.
 * This class holds the connections and the account, session and device records; tokens and tickets
 * are {@link RedisCredentials}', session tails and kept inputs {@link RedisTails}', and reading a session
 * record with its tail's last entry {@link RedisSessions}'.
 */
public final class RedisStore implements RelayStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private static final String PUT_INDEXED =
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) redis.call('SADD', KEYS[2], ARGV[1]) return 1";

    /** SET KEYS[1] ARGV[2] if it still holds ARGV[1] (the empty string: if it does not exist). */
    private static final String COMPARE_AND_SET = "if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end "
            + "redis.call('SET', KEYS[1], ARGV[2]) return 1";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;
    private final RedisCommands<String, String> redis;
    private final Transactions transactions;
    private final RedisCredentials credentials;
    private final RedisTails tails;
    private final RedisSessions sessions;
    private RedisSessionBus bus;
    /** Set as {@link #close} starts: a blocking call failing from then on fails because of it. */
    private volatile boolean closing;

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
        this.credentials = new RedisCredentials(redis, transactions);
        this.tails = new RedisTails(redis, shared.async(), transactions, tailLimit);
        this.sessions = new RedisSessions(redis, shared.async(), tails, COMMAND_TIMEOUT);
    }

    /** The spawn work queue on the same Redis, shared by every relay node that uses this store. */
    public RedisWorkQueue workQueue() {
        return new RedisWorkQueue(client, redis, () -> closing);
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

    @Override
    public void putToken(TokenRecord token) {
        credentials.putToken(token);
    }

    @Override
    public Optional<TokenRecord> token(String hash) {
        return credentials.token(hash);
    }

    @Override
    public Optional<TokenRecord> takeToken(String hash) {
        return credentials.takeToken(hash);
    }

    @Override
    public void deleteTokensOf(String subjectId) {
        credentials.deleteTokensOf(subjectId);
    }

    @Override
    public void deleteExpiredTokens(Instant now) {
        credentials.deleteExpiredTokens(now);
    }

    @Override
    public void putTicket(TicketRecord ticket) {
        credentials.putTicket(ticket);
    }

    @Override
    public Optional<TicketRecord> useTicket(String hash) {
        return credentials.useTicket(hash);
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

    /**
     * A record that moved on from the one read only by the events this node just appended is not written
     * again: its stream's last entry gives its {@code storedSeq} and {@code lastActivity} (see
     * {@link RedisSessions}).
     */
    @Override
    public void putSession(SessionRecord session) {
        if (!sessions.changesNothing(session)) {
            sessions.write(session);
        }
    }

    @Override
    public Optional<SessionRecord> session(String id) {
        return sessions.read(id);
    }

    @Override
    public List<SessionRecord> sessionsOf(String accountId) {
        return sessions.readAll(redis.smembers(RedisKeys.sessionsOf(accountId)));
    }

    @Override
    public void putDevice(DeviceRecord device) {
        putIndexed(DEVICES, RedisKeys.devicesOf(device.accountId()), device.id(), Json.write(device));
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
            tx.del(RedisKeys.agreementKeysOf(id));
            tx.del(RedisKeys.contentKeysOf(id));
        });
    }

    @Override
    public List<AgreementKey> agreementKeys(String deviceId) {
        String stored = redis.get(RedisKeys.agreementKeysOf(deviceId));
        return stored == null ? List.of() : AgreementKeys.decode(stored);
    }

    /**
     * Reads the registrations, applies the rules of {@link AgreementKeys#with} and writes the result only
     * if nobody wrote meanwhile, else starts again: the bounded list must never hold one kid twice nor lose
     * a registration to a write computed from what it read before another's.
     */
    @Override
    public void putAgreementKey(String deviceId, AgreementKey key) {
        String stored = RedisKeys.agreementKeysOf(deviceId);
        List<DeliveredContentKey> delivered = contentKeys(deviceId);
        while (true) {
            String before = redis.get(stored);
            List<AgreementKey> registered = before == null ? List.of() : AgreementKeys.decode(before);
            String after = AgreementKeys.encode(AgreementKeys.with(registered, key, delivered));
            long written = redis.eval(
                    COMPARE_AND_SET,
                    ScriptOutputType.INTEGER,
                    new String[] {stored},
                    Objects.requireNonNullElse(before, ""),
                    after);
            if (written == 1) {
                return;
            }
        }
    }

    @Override
    public List<DeliveredContentKey> contentKeys(String deviceId) {
        return redis.lrange(RedisKeys.contentKeysOf(deviceId), 0, KEPT_CONTENT_KEYS - 1).stream()
                .map(json -> Json.decode(json, DeliveredContentKey.class))
                .toList();
    }

    @Override
    public void addContentKey(String deviceId, DeliveredContentKey key) {
        String list = RedisKeys.contentKeysOf(deviceId);
        transactions.run(tx -> {
            tx.lpush(list, Json.write(key));
            tx.ltrim(list, 0, KEPT_CONTENT_KEYS - 1);
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

    @Override
    public void appendEvents(String sessionId, String epoch, List<EncodedEvent> events) {
        if (tails.appendEvents(sessionId, epoch, events)) {
            sessions.appended(sessionId, events.getLast().event());
        }
    }

    @Override
    public List<SealedEvent> eventsAfter(String sessionId, long afterSeq) {
        return tails.eventsAfter(sessionId, afterSeq);
    }

    @Override
    public long firstStoredSeq(String sessionId) {
        return tails.firstStoredSeq(sessionId);
    }

    @Override
    public void startEpoch(SessionRecord session) {
        sessions.startEpoch(session);
    }

    @Override
    public List<InputFrame> keptInputs(String sessionId) {
        return tails.keptInputs(sessionId);
    }

    @Override
    public void keepInput(String sessionId, InputFrame input) {
        tails.keepInput(sessionId, input);
    }

    @Override
    public void dropInputs(String sessionId, Collection<String> inputIds) {
        tails.dropInputs(sessionId, inputIds);
    }

    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            if (bus != null) {
                bus.close();
            }
        }
        transactions.close();
        shared.close();
        client.shutdown();
    }

    /**
     * A record and its id in its account's index, written as one script: atomic like a transaction, but
     * one round trip on the shared connection instead of four under {@link Transactions}' lock, which every
     * other device would wait on (a device's record is written as the device is seen). Session records
     * are written the same way by {@link RedisSessions}, which also checks their epoch.
     */
    private void putIndexed(String hash, String index, String id, String json) {
        redis.eval(PUT_INDEXED, ScriptOutputType.INTEGER, new String[] {hash, index}, id, json);
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
