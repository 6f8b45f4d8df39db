package dev.baton.relay.store;

import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Everything the relay must remember across restarts. Live connection state (hosts, devices,
 * presence, work long-polls) stays out of here on purpose, so a shared store (Redis) can sit behind
 * the same interface. Implementations are thread-safe; callers serialise writes to one session.
 */
public interface RelayStore extends AutoCloseable {

    /** Makes everything written so far survive a crash of the relay process, before returning. */
    void commit();

    /**
     * Runs writes that belong together (a session's tail and its record) so that a crash of the relay
     * keeps all of them or none.
     */
    default void atomically(Runnable writes) {
        writes.run();
    }

    /**
     * Runs {@code then} once everything written before this call survives a crash of the relay process:
     * at once for a store that writes through, after its next commit for one that batches them. The
     * relay acknowledges a host's events this way, so an {@code ack} always means "stored".
     */
    default void whenDurable(Runnable then) {
        commit();
        then.run();
    }

    /**
     * Whether the store answers now: one in this process always does, a shared one may be down. A relay
     * whose store does not is not ready to serve ({@code /readyz}).
     */
    default boolean reachable() {
        return true;
    }

    Optional<Account> account(String id);

    Optional<Account> accountByUser(String user);

    void putAccount(Account account);

    /** Every account, in no particular order. */
    List<Account> accounts();

    /**
     * The organization named {@code name}.
     *
     * @throws RuntimeException when its record is there but cannot be read
     */
    Optional<Organization> organization(String name);

    void putOrganization(Organization organization);

    /** Every organization whose record can be read, in no particular order. */
    List<Organization> organizations();

    /** The account's password hash (Argon2id, in its encoded form), when it has a password. */
    Optional<String> passwordHash(String accountId);

    void putPasswordHash(String accountId, String hash);

    void putToken(TokenRecord token);

    Optional<TokenRecord> token(String hash);

    /** Removes and returns the token in one step, so a single-use token is redeemed at most once. */
    Optional<TokenRecord> takeToken(String hash);

    /** Revokes every token issued for {@code subjectId}. */
    void deleteTokensOf(String subjectId);

    /** Drops expired tokens, and stream tickets past {@link TicketRecord#forgetAt}. */
    void deleteExpiredTokens(Instant now);

    /**
     * Keeps an unused stream ticket until {@link TicketRecord#forgetAt}. Tickets are shared by every
     * relay node on the store: a device mints one on any node and opens its stream on any other.
     */
    void putTicket(TicketRecord ticket);

    /**
     * Marks the ticket used in one step and returns it as it was before: of any number of concurrent
     * redeemers (on any node) exactly one sees it unused.
     */
    Optional<TicketRecord> useTicket(String hash);

    void putEnvironment(EnvironmentRecord environment);

    Optional<EnvironmentRecord> environment(String id);

    void deleteEnvironment(String id);

    /**
     * A shared store refuses a record of another epoch than the session's tail has: a node that read the
     * record before a hello on another node started a new epoch must not write the old epoch back.
     *
     * @throws StaleEpochException when the session's tail has moved on to another epoch; nothing was written
     */
    void putSession(SessionRecord session);

    Optional<SessionRecord> session(String id);

    List<SessionRecord> sessionsOf(String accountId);

    void putDevice(DeviceRecord device);

    Optional<DeviceRecord> device(String id);

    List<DeviceRecord> devicesOf(String accountId);

    /** Drops the device with its push subscription, agreement key and delivered content keys. */
    void deleteDevice(String id);

    /** How many delivered content keys a device keeps: enough for rotations while it was away. */
    int KEPT_CONTENT_KEYS = 8;

    /**
     * How many content keys a device's agreement key stays registered under, the oldest registration
     * dropped for a newer one: one per machine the device holds the key of (a registration under a key a
     * rotation replaced goes once the device registers under the key delivered for it). More than the
     * machines one browser is paired with, and a bound, since every backend's device listing carries them
     * all and a device token must not grow the store without end.
     */
    int KEPT_AGREEMENT_KEYS = 8;

    /**
     * The keys a backend delivers new content keys to: the device's registration under each content key it
     * holds, one per kid, newest first, at most {@link #KEPT_AGREEMENT_KEYS}; empty when it registered none.
     */
    List<AgreementKey> agreementKeys(String deviceId);

    /**
     * Adds the registration under {@code key.kid()} as the newest, replacing one under the same kid, any
     * of another public key (the device made a new pair and can no longer open what is sealed to the old
     * one) and one under the key that a delivery to the device says {@code key.kid()} replaced, and dropping
     * the oldest beyond {@link #KEPT_AGREEMENT_KEYS}; dropped with the device.
     */
    void putAgreementKey(String deviceId, AgreementKey key);

    /** The content keys delivered to the device, newest first, at most {@link #KEPT_CONTENT_KEYS}. */
    List<DeliveredContentKey> contentKeys(String deviceId);

    /** Adds a delivered content key, dropping the oldest beyond {@link #KEPT_CONTENT_KEYS}; dropped with the device. */
    void addContentKey(String deviceId, DeliveredContentKey key);

    /** The device's Web Push subscription, if it saved one. */
    Optional<PushSubscriptionRecord> pushSubscription(String deviceId);

    void putPushSubscription(PushSubscriptionRecord subscription);

    void deletePushSubscription(String deviceId);

    /** A value the relay keeps for itself (its VAPID key pair), by name. */
    Optional<String> setting(String name);

    void putSetting(String name, String value);

    /**
     * Appends contiguous events of {@code epoch} and trims the tail to the store's limit, dropping the
     * oldest. Each is kept as its {@link EncodedEvent#json}, the text the host sent, not written again.
     *
     * <p>A shared store appends only while the tail is still {@code epoch}'s, checked in the same atomic
     * step: a host connection on one node may still send events after a new host's {@code hello} on
     * another node started a new epoch, and those must neither land in the new epoch's tail nor take the
     * seqs its events need. A store in one process may ignore {@code epoch}: its single node's route lock
     * already ends the previous host connection before the new epoch starts.
     *
     * @throws StaleEpochException when the tail has moved on to another epoch; nothing was appended
     */
    void appendEvents(String sessionId, String epoch, List<EncodedEvent> events);

    /** The stored events with seq greater than {@code afterSeq}, oldest first. */
    List<SealedEvent> eventsAfter(String sessionId, long afterSeq);

    /** The oldest seq the tail still holds, or 0 when it is empty. */
    long firstStoredSeq(String sessionId);

    /**
     * Drops the session's tail and writes {@code session}, whose epoch starts here, in one atomic step, so
     * a new history starts at seq 1; from then on only appends and records of that epoch are taken (see
     * {@link #appendEvents}, {@link #putSession}). On a shared store two nodes' hellos with different
     * epochs then leave the record and the tail of the same one, the later.
     */
    void startEpoch(SessionRecord session);

    /** Inputs accepted for the session and not yet seen in a committed event, in arrival order. */
    List<InputFrame> keptInputs(String sessionId);

    void keepInput(String sessionId, InputFrame input);

    void dropInputs(String sessionId, Collection<String> inputIds);

    /** Flushes and releases the store. */
    @Override
    void close();
}
