package dev.baton.relay.store;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node store: H2's MVStore, in memory or in one file under the data directory. Values are
 * the wire JSON of the records, so the file stays readable and independent of Java serialisation.
 * A file store is committed in batches on a thread of its own ({@link BatchedCommits}): a crash loses
 * at most the writes of the last fraction of a second, never half of a change made {@link #atomically},
 * and what it reopens with is what it then tells a host it holds, so the backend resends the rest.
 */
public final class EmbeddedStore implements RelayStore {
    static final String FILE_NAME = "relay.mv.db";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    private final MVStore store;
    /** Null for a store in memory, which has no disk to wait for. */
    private final BatchedCommits commits;

    private final MVMap<String, String> accounts;
    private final MVMap<String, String> accountsByUser;
    private final MVMap<String, String> organizations;
    private final MVMap<String, String> passwords;
    private final MVMap<String, String> tokens;
    private final MVMap<String, String> environments;
    private final MVMap<String, String> sessions;
    private final MVMap<String, String> devices;
    private final MVMap<String, String> pushSubscriptions;
    private final EmbeddedDeviceKeys deviceKeys;

    private final MVMap<String, String> settings;
    /**
     * In memory only: a ticket lasts a minute, so a restart costs a device nothing but a fresh one, and
     * minting one (on every stream open) writes nothing to disk.
     */
    private final Map<String, TicketRecord> tickets = new ConcurrentHashMap<>();
    /**
     * Session records as last written or read: the hub reads a session's record for every events frame,
     * and decoding its JSON (the snapshot with it) cost as much as writing it. Every write goes through
     * {@link #putSession}, which replaces the entry.
     */
    private final Map<String, SessionRecord> decodedSessions = new ConcurrentHashMap<>();

    private final EmbeddedTails tails;

    private final AccountIndex sessionsByAccount;
    private final AccountIndex devicesByAccount;

    private EmbeddedStore(MVStore store, int tailLimit) {
        this.store = store;
        this.commits = store.getFileStore() == null ? null : new BatchedCommits(store);
        this.tails = new EmbeddedTails(store, tailLimit);
        this.accounts = store.openMap("accounts");
        this.accountsByUser = store.openMap("accountsByUser");
        this.organizations = store.openMap("organizations");
        this.passwords = store.openMap("passwords");
        this.tokens = store.openMap("tokens");
        this.environments = store.openMap("environments");
        this.sessions = store.openMap("sessions");
        this.devices = store.openMap("devices");
        this.pushSubscriptions = store.openMap("pushSubscriptions");
        this.deviceKeys = new EmbeddedDeviceKeys(store);
        this.settings = store.openMap("settings");
        this.sessionsByAccount = AccountIndex.open(
                store.openMap("sessionsByAccount"),
                () -> readAll(sessions, SessionRecord.class),
                SessionRecord::accountId,
                SessionRecord::id);
        this.devicesByAccount = AccountIndex.open(
                store.openMap("devicesByAccount"),
                () -> readAll(devices, DeviceRecord.class),
                DeviceRecord::accountId,
                DeviceRecord::id);
    }

    public static EmbeddedStore inMemory(int tailLimit) {
        return new EmbeddedStore(MVStore.open(null), tailLimit);
    }

    /**
     * Opens (or creates) the store under {@code dataDir}.
     *
     * @throws IllegalStateException when another process or relay holds the directory
     */
    public static EmbeddedStore open(Path dataDir, int tailLimit) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            // Tokens and session logs live here: owner-only, also when the relay runs standalone.
            PrivateFiles.createDirectories(dataDir);
            PrivateFiles.tighten(dataDir, List.of(FILE_NAME), notice -> LOG.warn("relay data: {}", notice));
            PrivateFiles.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the relay data directory " + dataDir, e);
        }
        try {
            // Only BatchedCommits commits: MVStore's own timer, or a writer past its buffer, would commit
            // without waiting for a change that spans maps to be whole.
            return new EmbeddedStore(
                    new MVStore.Builder()
                            .fileName(file.toString())
                            .autoCommitDisabled()
                            .autoCommitBufferSize(0)
                            .open(),
                    tailLimit);
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new IllegalStateException(
                        "the relay data directory " + dataDir + " is in use by a running relay; stop it first", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Account> account(String id) {
        return read(accounts, id, Account.class);
    }

    @Override
    public Optional<Account> accountByUser(String user) {
        return Optional.ofNullable(accountsByUser.get(user)).flatMap(this::account);
    }

    @Override
    public void putAccount(Account account) {
        accounts.put(account.id(), Json.write(account));
        accountsByUser.put(account.user(), account.id());
    }

    @Override
    public List<Account> accounts() {
        return readAll(accounts, Account.class);
    }

    @Override
    public Optional<Organization> organization(String name) {
        return read(organizations, name, Organization.class);
    }

    @Override
    public void putOrganization(Organization organization) {
        organizations.put(organization.name(), Json.write(organization));
    }

    @Override
    public List<Organization> organizations() {
        List<Organization> readable = new ArrayList<>();
        for (Map.Entry<String, String> entry : organizations.entrySet()) {
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
        return Optional.ofNullable(passwords.get(accountId));
    }

    @Override
    public void putPasswordHash(String accountId, String hash) {
        passwords.put(accountId, hash);
    }

    @Override
    public void putToken(TokenRecord token) {
        tokens.put(token.hash(), Json.write(token));
    }

    @Override
    public Optional<TokenRecord> token(String hash) {
        return read(tokens, hash, TokenRecord.class);
    }

    @Override
    public Optional<TokenRecord> takeToken(String hash) {
        return Optional.ofNullable(tokens.remove(hash)).map(json -> Json.decode(json, TokenRecord.class));
    }

    @Override
    public void deleteTokensOf(String subjectId) {
        removeWhere(tokens, TokenRecord.class, token -> subjectId.equals(token.subjectId()));
    }

    @Override
    public void deleteExpiredTokens(Instant now) {
        removeWhere(tokens, TokenRecord.class, token -> !token.expiresAt().isAfter(now));
        tickets.values().removeIf(ticket -> ticket.forgetAt().isBefore(now));
    }

    @Override
    public void putTicket(TicketRecord ticket) {
        tickets.put(ticket.hash(), ticket);
    }

    @Override
    public Optional<TicketRecord> useTicket(String hash) {
        TicketRecord[] before = new TicketRecord[1];
        tickets.computeIfPresent(hash, (key, ticket) -> {
            before[0] = ticket;
            return ticket.spent();
        });
        return Optional.ofNullable(before[0]);
    }

    @Override
    public void putEnvironment(EnvironmentRecord environment) {
        environments.put(environment.id(), Json.write(environment));
    }

    @Override
    public Optional<EnvironmentRecord> environment(String id) {
        return read(environments, id, EnvironmentRecord.class);
    }

    @Override
    public void deleteEnvironment(String id) {
        environments.remove(id);
    }

    /**
     * A record that moved on from the one held only by the events just appended (its {@code storedSeq} is
     * the tail's last seq, its {@code lastActivity} that event's time) is not written again: the tail
     * says as much, and rewriting the record (its snapshot with it) on every events frame cost the relay
     * more than the events. A record read from the file takes both from the tail ({@link #withTail}).
     */
    @Override
    public void putSession(SessionRecord session) {
        SessionRecord known = decodedSessions.put(session.id(), session);
        if (known != null
                && session.storedSeq() > known.storedSeq()
                && known.withStoredSeq(session.storedSeq(), session.lastActivity())
                        .equals(session)
                && session.storedSeq() == tails.lastSeq(session.id())) {
            return;
        }
        sessions.put(session.id(), Json.write(session));
        sessionsByAccount.add(session.accountId(), session.id());
    }

    @Override
    public Optional<SessionRecord> session(String id) {
        SessionRecord decoded = decodedSessions.get(id);
        if (decoded != null) {
            return Optional.of(decoded);
        }
        Optional<SessionRecord> read = read(sessions, id, SessionRecord.class).map(this::withTail);
        // A write racing this read has put its own record already, and that one stays.
        read.ifPresent(record -> decodedSessions.putIfAbsent(id, record));
        return read;
    }

    @Override
    public List<SessionRecord> sessionsOf(String accountId) {
        return sessionsByAccount.idsOf(accountId).stream()
                .flatMap(id -> session(id).stream())
                .toList();
    }

    @Override
    public void putDevice(DeviceRecord device) {
        devices.put(device.id(), Json.write(device));
        devicesByAccount.add(device.accountId(), device.id());
    }

    @Override
    public Optional<DeviceRecord> device(String id) {
        return read(devices, id, DeviceRecord.class);
    }

    @Override
    public List<DeviceRecord> devicesOf(String accountId) {
        return devicesByAccount.idsOf(accountId).stream()
                .flatMap(id -> device(id).stream())
                .toList();
    }

    @Override
    public void deleteDevice(String id) {
        device(id).ifPresent(device -> devicesByAccount.remove(device.accountId(), id));
        devices.remove(id);
        pushSubscriptions.remove(id);
        deviceKeys.forget(id);
    }

    @Override
    public List<AgreementKey> agreementKeys(String deviceId) {
        return deviceKeys.agreementKeys(deviceId);
    }

    @Override
    public void putAgreementKey(String deviceId, AgreementKey key) {
        deviceKeys.putAgreementKey(deviceId, key);
    }

    @Override
    public List<DeliveredContentKey> contentKeys(String deviceId) {
        return deviceKeys.contentKeys(deviceId);
    }

    @Override
    public void addContentKey(String deviceId, DeliveredContentKey key) {
        deviceKeys.addContentKey(deviceId, key);
    }

    @Override
    public Optional<PushSubscriptionRecord> pushSubscription(String deviceId) {
        return read(pushSubscriptions, deviceId, PushSubscriptionRecord.class);
    }

    @Override
    public void putPushSubscription(PushSubscriptionRecord subscription) {
        pushSubscriptions.put(subscription.deviceId(), Json.write(subscription));
    }

    @Override
    public void deletePushSubscription(String deviceId) {
        pushSubscriptions.remove(deviceId);
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public void putSetting(String name, String value) {
        settings.put(name, value);
    }

    @Override
    public void commit() {
        // Written to the file (the OS keeps it if the process dies); no fsync, so not proof against power loss.
        if (commits == null) {
            store.commit();
        } else {
            commits.commitNow();
        }
    }

    @Override
    public void atomically(Runnable writes) {
        if (commits == null) {
            writes.run();
        } else {
            commits.together(writes);
        }
    }

    @Override
    public void whenDurable(Runnable then) {
        if (commits == null) {
            then.run();
        } else {
            commits.whenDurable(then);
        }
    }

    /** {@code epoch} is not checked: one node's route lock ends a host connection before its epoch does. */
    @Override
    public void appendEvents(String sessionId, String epoch, List<EncodedEvent> events) {
        tails.append(sessionId, events);
    }

    @Override
    public List<SealedEvent> eventsAfter(String sessionId, long afterSeq) {
        return tails.after(sessionId, afterSeq);
    }

    @Override
    public long firstStoredSeq(String sessionId) {
        return tails.firstSeq(sessionId);
    }

    /** The epoch is the session record's alone, which is all one node needs. */
    @Override
    public void startEpoch(SessionRecord session) {
        atomically(() -> {
            tails.clear(session.id());
            putSession(session);
        });
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
        if (commits != null) {
            commits.close();
        }
        if (!store.isClosed()) {
            store.close();
        }
    }

    /** The record as written, brought up to the events its tail holds beyond it (see {@link #putSession}). */
    private SessionRecord withTail(SessionRecord written) {
        long last = tails.lastSeq(written.id());
        if (last <= written.storedSeq()) {
            return written;
        }
        return tails.event(written.id(), last)
                .map(newest -> written.withStoredSeq(last, newest.ts()))
                .orElse(written);
    }

    private static <T> Optional<T> read(MVMap<String, String> map, String key, Class<T> type) {
        return Optional.ofNullable(map.get(key)).map(json -> Json.decode(json, type));
    }

    private static <T> List<T> readAll(MVMap<String, String> map, Class<T> type) {
        return map.values().stream().map(json -> Json.decode(json, type)).toList();
    }

    private static <K, T> void removeWhere(MVMap<K, String> map, Class<T> type, Predicate<T> condition) {
        List<K> doomed = new ArrayList<>();
        for (Map.Entry<K, String> entry : map.entrySet()) {
            if (condition.test(Json.decode(entry.getValue(), type))) {
                doomed.add(entry.getKey());
            }
        }
        doomed.forEach(map::remove);
    }
}
