package dev.baton.relay.auth;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.store.Account;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device authorization grant of RFC 8628: a backend asks for a device code and a short user code,
 * the user approves the user code on the relay's {@code /device} page while signed in, and the backend's
 * polling for the device code then gets a full-scope account token of that user, once.
 *
 * <p>Grants live in memory only: they last minutes, and a relay restart costs a backend nothing but
 * running {@code baton login} again. Device codes are kept as SHA-256 hashes like every token.
 */
public final class DeviceGrants {
    /** RFC 8628 §6.1: consonants only (no vowels, so no words), and none that read alike. */
    private static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    private static final int USER_CODE_LENGTH = 8;
    /** RFC 8628 §3.5: a backend told {@code slow_down} waits this much longer from then on. */
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    /** Pending grants at once; past it new requests are refused rather than growing memory. */
    private static final int MAX_PENDING = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration lifetime;
    private final Duration interval;
    private final Map<String, Grant> byDeviceCode = new ConcurrentHashMap<>();
    private final Map<String, Grant> byUserCode = new ConcurrentHashMap<>();

    private enum State {
        PENDING,
        APPROVED,
        DENIED
    }

    private static final class Grant {
        final String deviceCodeHash;
        final String userCode;
        final String clientName;
        final Instant expiresAt;
        Duration interval;
        Instant lastPoll;
        State state = State.PENDING;
        Account account;

        Grant(String deviceCodeHash, String userCode, String clientName, Instant expiresAt, Duration interval) {
            this.deviceCodeHash = deviceCodeHash;
            this.userCode = userCode;
            this.clientName = clientName;
            this.expiresAt = expiresAt;
            this.interval = interval;
        }
    }

    /** A new grant: the device code exists only here and in the answer to the backend. */
    public record Issued(String deviceCode, String userCode, Instant expiresAt, Duration interval) {}

    /** What the approval page shows about a pending grant. */
    public record Pending(String userCode, String clientName, Instant expiresAt) {}

    public DeviceGrants(Clock clock, Duration lifetime, Duration interval) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.interval = interval;
    }

    /** @param clientName what the approval page names the requester ("baton on laptop"), or null */
    public Issued issue(String clientName) {
        purgeExpired();
        if (byDeviceCode.size() >= MAX_PENDING) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many pending device codes; try again later");
        }
        String deviceCode = Secrets.token("btg_");
        Instant expiresAt = clock.instant().plus(lifetime);
        Grant grant;
        do {
            grant = new Grant(TokenService.hashOf(deviceCode), newUserCode(), clientName, expiresAt, interval);
        } while (byUserCode.putIfAbsent(grant.userCode, grant) != null);
        byDeviceCode.put(grant.deviceCodeHash, grant);
        return new Issued(deviceCode, format(grant.userCode), expiresAt, interval);
    }

    /**
     * The pending grant with this user code, for the approval page.
     *
     * @throws ProtocolException {@code user_code_invalid} when it is unknown, decided or expired
     */
    public Pending pending(String userCode) {
        Grant grant = open(userCode);
        return new Pending(format(grant.userCode), grant.clientName, grant.expiresAt);
    }

    /** The signed-in {@code account} approves or denies the grant with this user code. */
    public void decide(String userCode, Account account, boolean approve) {
        Grant grant = open(userCode);
        synchronized (grant) {
            if (grant.state != State.PENDING) {
                throw invalidUserCode();
            }
            grant.state = approve ? State.APPROVED : State.DENIED;
            grant.account = approve ? account : null;
        }
    }

    /**
     * One poll of the token endpoint (RFC 8628 §3.4, §3.5).
     *
     * @return the approved account, once; the grant is gone after that
     * @throws ProtocolException {@code authorization_pending}, {@code slow_down}, {@code access_denied},
     *     {@code expired_token} or {@code invalid_grant}
     */
    public Account poll(String deviceCode) {
        Grant grant = deviceCode == null ? null : byDeviceCode.get(TokenService.hashOf(deviceCode));
        if (grant == null || !Secrets.matches(grant.deviceCodeHash, Secrets.sha256(deviceCode))) {
            throw new ProtocolException(ErrorCode.INVALID_GRANT, "unknown or already used device code");
        }
        Instant now = clock.instant();
        synchronized (grant) {
            if (!now.isBefore(grant.expiresAt)) {
                forget(grant);
                throw new ProtocolException(
                        ErrorCode.EXPIRED_TOKEN, "the device code expired before it was approved; start again");
            }
            if (grant.state == State.DENIED) {
                forget(grant);
                throw new ProtocolException(ErrorCode.ACCESS_DENIED, "the user denied this request");
            }
            if (grant.state == State.APPROVED) {
                forget(grant);
                return grant.account;
            }
            Instant last = grant.lastPoll;
            grant.lastPoll = now;
            // A backend that waits the interval may still arrive a little early by the relay's clock.
            if (last != null
                    && Duration.between(last, now)
                                    .compareTo(grant.interval.multipliedBy(4).dividedBy(5))
                            < 0) {
                grant.interval = grant.interval.plus(SLOW_DOWN_STEP);
                throw new ProtocolException(
                        ErrorCode.SLOW_DOWN,
                        "polled too soon; wait " + grant.interval.toSeconds() + " seconds between polls");
            }
            throw new ProtocolException(ErrorCode.AUTHORIZATION_PENDING, "waiting for the user to approve the code");
        }
    }

    private Grant open(String userCode) {
        String normalised = normalise(userCode);
        Grant grant = normalised == null ? null : byUserCode.get(normalised);
        if (grant == null || grant.state != State.PENDING || !clock.instant().isBefore(grant.expiresAt)) {
            throw invalidUserCode();
        }
        return grant;
    }

    private void forget(Grant grant) {
        byDeviceCode.remove(grant.deviceCodeHash);
        byUserCode.remove(grant.userCode);
    }

    private void purgeExpired() {
        // Expired grants are kept as long again, so a late poll still hears expired_token.
        Instant now = clock.instant();
        byDeviceCode.values().removeIf(grant -> grant.expiresAt.plus(lifetime).isBefore(now));
        byUserCode.values().removeIf(grant -> grant.expiresAt.plus(lifetime).isBefore(now));
    }

    private static ProtocolException invalidUserCode() {
        return new ProtocolException(
                ErrorCode.USER_CODE_INVALID, "this code is unknown, expired or already used; check it and try again");
    }

    /** Upper case, without the dash, spaces or anything else people type around it. */
    static String normalise(String userCode) {
        if (userCode == null || userCode.length() > 64) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        for (char c : userCode.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                kept.append(c);
            }
        }
        return kept.length() == USER_CODE_LENGTH ? kept.toString() : null;
    }

    private static String newUserCode() {
        StringBuilder code = new StringBuilder(USER_CODE_LENGTH);
        for (int i = 0; i < USER_CODE_LENGTH; i++) {
            code.append(USER_CODE_ALPHABET.charAt(RANDOM.nextInt(USER_CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String format(String userCode) {
        return userCode.substring(0, 4) + "-" + userCode.substring(4);
    }
}
