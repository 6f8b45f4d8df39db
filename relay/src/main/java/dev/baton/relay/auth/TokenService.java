package dev.baton.relay.auth;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.Scope;
import dev.baton.relay.store.TicketRecord;
import dev.baton.relay.store.TokenRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints and checks every token. Tokens are stored only as SHA-256 hashes; a presented token is looked
 * up by its hash and then compared in constant time.
 *
 * <p>Stream tickets are kept in the store, so one minted on any relay node opens a stream on any other.
 * They last 60 seconds and are used once; used tickets are remembered until they expire so a reuse gets
 * {@code ticket_used} rather than a vague {@code unauthorized}. A ticket is good only while the device
 * token it was minted from is, so revoking a device kills its unused tickets on every node.
 */
public final class TokenService {
    private final RelayStore store;
    private final Clock clock;
    /**
     * Hashes of redeemed pairing codes until they would have expired, so a second redemption is told the
     * code was used. In memory only: after a restart a reused code is merely unknown.
     */
    private final Map<String, Instant> spentPairings = new ConcurrentHashMap<>();

    public TokenService(RelayStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public IssuedToken issue(Scope scope, String accountId, String subjectId) {
        if (scope == Scope.TICKET || scope == Scope.SPENT_REFRESH) {
            throw new IllegalArgumentException(scope + " is not minted with issue");
        }
        String token = Secrets.token(scope.prefix());
        Instant expiresAt = clock.instant().plus(scope.lifetime());
        store.putToken(new TokenRecord(hashOf(token), scope, accountId, subjectId, expiresAt));
        return new IssuedToken(token, expiresAt);
    }

    /**
     * Checks a bearer token and its scope.
     *
     * @throws ProtocolException {@code unauthorized}, {@code token_expired} or {@code insufficient_scope}
     */
    public TokenRecord require(String token, Scope needed) {
        return require(token, needed, Set.of(needed));
    }

    /**
     * Checks a bearer token that may be of any scope in {@code accepted}; a refusal names {@code usual},
     * the kind most callers send.
     */
    public TokenRecord require(String token, Scope usual, Set<Scope> accepted) {
        TokenRecord record = find(token)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "unknown or revoked token"));
        if (!record.expiresAt().isAfter(clock.instant())) {
            throw new ProtocolException(
                    ErrorCode.TOKEN_EXPIRED, "this " + noun(record.scope()) + " expired at " + record.expiresAt());
        }
        if (!accepted.contains(record.scope())) {
            throw wrongScope(usual, record.scope());
        }
        return record;
    }

    public IssuedToken issueTicket(Ticket ticket) {
        String token = Secrets.token(Scope.TICKET.prefix());
        Instant expiresAt = clock.instant().plus(Scope.TICKET.lifetime());
        store.putTicket(new TicketRecord(
                hashOf(token),
                ticket.accountId(),
                ticket.deviceId(),
                ticket.sessionId(),
                ticket.deviceTokenHash(),
                expiresAt,
                false));
        return new IssuedToken(token, expiresAt);
    }

    /**
     * Redeems a stream ticket once. A token of another scope gets {@code insufficient_scope}, so a
     * client that sends its device or host token here learns what it did wrong.
     */
    public Ticket redeemTicket(String token) {
        Optional<TicketRecord> found =
                token == null || token.isEmpty() ? Optional.empty() : store.useTicket(hashOf(token));
        if (found.isEmpty()) {
            Optional<TokenRecord> other = find(token);
            if (other.isPresent()) {
                throw wrongScope(Scope.TICKET, other.get().scope());
            }
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "unknown stream ticket; mint one first");
        }
        TicketRecord pending = found.get();
        if (!pending.expiresAt().isAfter(clock.instant())) {
            throw new ProtocolException(ErrorCode.TOKEN_EXPIRED, "this stream ticket expired; mint a new one");
        }
        if (pending.used()) {
            throw new ProtocolException(ErrorCode.TICKET_USED, "this stream ticket was already used; mint a new one");
        }
        if (store.token(pending.deviceTokenHash()).isEmpty()) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the device of this stream ticket was revoked");
        }
        return new Ticket(pending.accountId(), pending.deviceId(), pending.sessionId(), pending.deviceTokenHash());
    }

    /**
     * Redeems a pairing code once. As for stream tickets, a code already redeemed gets {@code ticket_used}
     * and an expired one {@code token_expired}, so the person pairing learns to ask for a fresh code; only a
     * code this relay never issued (or has forgotten) is {@code pairing_code_invalid}.
     */
    public TokenRecord redeemPairingCode(String code) {
        String hash = hashOf(code == null ? "" : code);
        Optional<TokenRecord> found = find(code).filter(record -> record.scope() == Scope.PAIRING);
        if (found.isPresent() && !found.get().expiresAt().isAfter(clock.instant())) {
            throw new ProtocolException(ErrorCode.TOKEN_EXPIRED, "this pairing code expired; ask for a new one");
        }
        Optional<TokenRecord> taken = found.flatMap(record -> store.takeToken(hash));
        if (taken.isEmpty()) {
            purgeSpentPairings();
            if (spentPairings.containsKey(hash)) {
                throw new ProtocolException(
                        ErrorCode.TICKET_USED, "this pairing code was already used; ask for a new one");
            }
            throw new ProtocolException(ErrorCode.PAIRING_CODE_INVALID, "unknown pairing code");
        }
        spentPairings.put(hash, taken.get().expiresAt());
        return taken.get();
    }

    /** What presenting a refresh credential found. */
    public sealed interface RefreshOutcome {
        /** The credential was good and is now spent; its record names the device to renew. */
        record Renewed(TokenRecord credential) implements RefreshOutcome {}

        /** The credential had been used before: two parties hold it, and one of them copied it. */
        record Reused(TokenRecord spent) implements RefreshOutcome {}
    }

    /**
     * Spends a refresh credential. It is taken from the store in one step and replaced by a marker that
     * lives as long as the credential would have, so of two holders racing or following each other,
     * exactly one renews and the other is recognised.
     *
     * @throws ProtocolException {@code unauthorized}, {@code token_expired} or {@code insufficient_scope}
     */
    public RefreshOutcome redeemRefresh(String token) {
        TokenRecord found = find(token)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.UNAUTHORIZED, "unknown or revoked refresh credential; pair this device again"));
        if (found.scope() == Scope.SPENT_REFRESH) {
            return new RefreshOutcome.Reused(found);
        }
        if (found.scope() != Scope.REFRESH) {
            throw wrongScope(Scope.REFRESH, found.scope());
        }
        Optional<TokenRecord> taken = store.takeToken(found.hash());
        if (taken.isEmpty()) {
            return new RefreshOutcome.Reused(found); // another request spent it a moment ago
        }
        TokenRecord credential = taken.get();
        if (credential.scope() == Scope.SPENT_REFRESH) {
            store.putToken(credential); // the marker another request just wrote must stay
            return new RefreshOutcome.Reused(credential);
        }
        if (!credential.expiresAt().isAfter(clock.instant())) {
            throw new ProtocolException(
                    ErrorCode.TOKEN_EXPIRED, "this refresh credential expired; pair this device again");
        }
        store.putToken(new TokenRecord(
                credential.hash(),
                Scope.SPENT_REFRESH,
                credential.accountId(),
                credential.subjectId(),
                credential.expiresAt()));
        return new RefreshOutcome.Renewed(credential);
    }

    /**
     * Revokes one token of {@code scope} (an account token on logout, a sign-in session); a token of
     * another scope is left alone. Returns what was revoked, if anything.
     */
    public Optional<TokenRecord> revoke(String token, Scope scope) {
        return find(token).filter(record -> record.scope() == scope).flatMap(record -> store.takeToken(record.hash()));
    }

    /**
     * Revokes every token of a device, environment or session; a device's unused tickets die with its
     * tokens (see {@link #redeemTicket}).
     */
    public void revokeSubject(String subjectId) {
        store.deleteTokensOf(subjectId);
    }

    /** Housekeeping: forget what can no longer be used. */
    public void purgeExpired() {
        store.deleteExpiredTokens(clock.instant());
        purgeSpentPairings();
    }

    public static String hashOf(String token) {
        return Secrets.hex(Secrets.sha256(token));
    }

    private Optional<TokenRecord> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(token);
        return store.token(Secrets.hex(hash)).filter(record -> Secrets.matches(record.hash(), hash));
    }

    private void purgeSpentPairings() {
        Instant now = clock.instant();
        spentPairings.values().removeIf(expiresAt -> expiresAt.isBefore(now));
    }

    private static ProtocolException wrongScope(Scope needed, Scope got) {
        return new ProtocolException(
                ErrorCode.INSUFFICIENT_SCOPE,
                "this endpoint needs " + needed.description() + "; got " + got.description());
    }

    private static String noun(Scope scope) {
        return scope.description().substring(scope.description().indexOf(' ') + 1);
    }
}
