package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.CreatePairing;
import dev.baton.protocol.relay.RelayApi.DeviceInfo;
import dev.baton.protocol.relay.RelayApi.DeviceList;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.EnvironmentSummary;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.SessionList;
import dev.baton.protocol.relay.RelayApi.SessionSummary;
import dev.baton.protocol.relay.RelayApi.Spawn;
import dev.baton.protocol.relay.RelayApi.SpawnResult;
import dev.baton.protocol.relay.RelayApi.Ticket;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import dev.baton.relay.auth.Accounts;
import dev.baton.relay.auth.IssuedToken;
import dev.baton.relay.auth.Secrets;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.store.DeviceRecord;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.Scope;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.TokenRecord;
import dev.baton.relay.work.EnvironmentCapacity;
import dev.baton.relay.work.PendingWork;
import dev.baton.relay.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP calls a paired device makes to the relay. */
final class DeviceApi {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceApi.class);
    private static final Duration LAST_SEEN_RESOLUTION = Duration.ofMinutes(1);

    private final RelayStore store;
    private final TokenService tokens;
    private final Accounts accounts;
    private final Hub hub;
    private final WorkQueue work;
    private final EnvironmentCapacity capacity;
    private final Pairings pairings;
    private final Clock clock;
    private final Duration pollRecency;

    /** The device a request comes from, after its token checked out. */
    record Caller(String accountId, String deviceId, String tokenHash) {}

    DeviceApi(
            RelayStore store,
            TokenService tokens,
            Accounts accounts,
            Hub hub,
            WorkQueue work,
            Pairings pairings,
            Clock clock,
            Duration pollRecency) {
        this.store = store;
        this.tokens = tokens;
        this.accounts = accounts;
        this.hub = hub;
        this.work = work;
        this.capacity = new EnvironmentCapacity(store, work, hub::isOnline);
        this.pairings = pairings;
        this.clock = clock;
        this.pollRecency = pollRecency;
    }

    /**
     * Checks a device token, and notes that the device was seen. The note is written at most once per
     * {@link #LAST_SEEN_RESOLUTION}: the device list shows minutes, and a store write on every request
     * would put disk I/O on the hot path of every ticket and input.
     */
    Caller authenticate(String bearer) {
        TokenRecord token = tokens.require(bearer, Scope.DEVICE);
        DeviceRecord device = store.device(token.subjectId())
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "this device was revoked"));
        Instant now = clock.instant();
        if (device.lastSeen().plus(LAST_SEEN_RESOLUTION).isBefore(now)) {
            store.putDevice(device.seenAt(now));
        }
        return new Caller(token.accountId(), device.id(), token.hash());
    }

    /**
     * Spends a pairing code for a device. A device that is paired already and shows its token pairs again
     * as itself when the code is for its own account (a second computer's link, or a new one from the
     * same): it gets new credentials and its earlier ones end, and it keeps its record, with its push
     * subscription and agreement key, instead of being listed twice. Its token is checked before the
     * code is spent, so a lapsed one ({@code token_expired}) can be renewed and the code still used.
     *
     * @param bearer the device's token, or null for a device pairing for the first time
     */
    DeviceRegistration redeem(RedeemPairing body, String bearer) {
        if (body.pairingCode() == null || body.pairingCode().isBlank()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "pairingCode is required");
        }
        Limits.check("pairingCode", body.pairingCode(), Limits.CREDENTIAL);
        Limits.check("deviceName", body.deviceName(), Limits.DEVICE_NAME);
        Caller pairedBefore = bearer == null ? null : authenticate(bearer);
        TokenRecord code = tokens.redeemPairingCode(body.pairingCode());
        accounts.requireRemoteControl(code.accountId());
        if (pairedBefore != null && pairedBefore.accountId().equals(code.accountId())) {
            DeviceRecord device = store.device(pairedBefore.deviceId())
                    .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "this device was revoked"));
            tokens.revokeSubject(device.id());
            return credentials(device, Pairings.sessionOf(code));
        }
        String name = body.deviceName() == null || body.deviceName().isBlank() ? "device" : body.deviceName();
        DeviceRecord device =
                new DeviceRecord(Secrets.id("dev_"), code.accountId(), name, clock.instant(), clock.instant());
        store.putDevice(device);
        // The account's backends learn of it now, so they know it is gone if it is revoked later.
        devicesChanged(device.accountId());
        return credentials(device, Pairings.sessionOf(code));
    }

    /**
     * Spends a refresh credential for a new device token and a new refresh credential. A credential
     * presented twice means it was copied: the device is revoked, so neither copy works again.
     */
    DeviceRegistration refresh(String credential) {
        if (credential == null || credential.isBlank()) {
            throw new ProtocolException(
                    ErrorCode.UNAUTHORIZED, "no refresh credential: send refreshToken, or the cookie it came in");
        }
        Limits.check("refreshToken", credential, Limits.CREDENTIAL);
        TokenService.RefreshOutcome outcome = tokens.redeemRefresh(credential);
        if (outcome instanceof TokenService.RefreshOutcome.Reused reused) {
            revokeDevice(reused.spent().subjectId());
            LOG.warn(
                    "a used refresh credential came back; device {} revoked",
                    reused.spent().subjectId());
            throw new ProtocolException(
                    ErrorCode.REFRESH_REUSED,
                    "this refresh credential was used before, so a copy of it exists; the device was revoked"
                            + " and must be paired again");
        }
        TokenRecord spent = ((TokenService.RefreshOutcome.Renewed) outcome).credential();
        DeviceRecord device = store.device(spent.subjectId())
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "this device was revoked"));
        accounts.requireRemoteControl(device.accountId());
        return credentials(device, null);
    }

    private DeviceRegistration credentials(DeviceRecord device, String sessionId) {
        IssuedToken token = tokens.issue(Scope.DEVICE, device.accountId(), device.id());
        IssuedToken refresh = tokens.issue(Scope.REFRESH, device.accountId(), device.id());
        return new DeviceRegistration(device.id(), token.token(), token.expiresAt(), refresh.token(), sessionId);
    }

    /** The caller, when its user is an owner; checked before a body is read, like the token's scope. */
    Caller owner(Caller caller, String action) {
        accounts.requireOwner(caller.accountId(), action);
        return caller;
    }

    /** For an owner's device (see {@link #owner}). */
    Pairing createPairing(Caller caller, CreatePairing body) {
        return pairings.create(caller.accountId(), body.sessionId(), null);
    }

    DeviceList devices(Caller caller) {
        accounts.requireOwner(caller.accountId(), "list the account's devices");
        return new DeviceList(store.devicesOf(caller.accountId()).stream()
                .sorted(Comparator.comparing(DeviceRecord::createdAt))
                .map(device -> info(device, caller))
                .toList());
    }

    private DeviceInfo info(DeviceRecord device, Caller caller) {
        List<String> kids =
                store.agreementKeys(device.id()).stream().map(AgreementKey::kid).toList();
        return new DeviceInfo(
                device.id(),
                device.name(),
                device.createdAt(),
                device.lastSeen(),
                device.id().equals(caller.deviceId()),
                kids.isEmpty() ? null : kids);
    }

    /** The device's tokens, tickets and open streams die at once. */
    void revoke(Caller caller, String deviceId) {
        accounts.requireOwner(caller.accountId(), "revoke devices");
        store.device(deviceId)
                .filter(device -> device.accountId().equals(caller.accountId()))
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "no device " + deviceId));
        revokeDevice(deviceId);
    }

    private void revokeDevice(String deviceId) {
        Optional<DeviceRecord> device = store.device(deviceId);
        store.deleteDevice(deviceId);
        tokens.revokeSubject(deviceId);
        hub.revokeDevice(deviceId);
        // The account's backends rotate their content key so the revoked device cannot open what comes next.
        device.ifPresent(revoked -> devicesChanged(revoked.accountId()));
    }

    private void devicesChanged(String accountId) {
        hub.devicesChanged(
                store.sessionsOf(accountId).stream().map(SessionRecord::id).toList());
    }

    /** The account's sessions, for one of its devices or for a script's read-only token. */
    SessionList sessions(String accountId) {
        List<SessionRecord> sessions = store.sessionsOf(accountId);
        Map<String, EnvironmentSummary> environments = sessions.stream()
                .map(SessionRecord::environmentId)
                .distinct()
                .map(store::environment)
                .flatMap(Optional::stream)
                .map(environment -> environmentSummary(environment, sessions))
                .collect(Collectors.toMap(EnvironmentSummary::id, Function.identity()));
        return new SessionList(sessions.stream()
                .sorted(Comparator.comparing(SessionRecord::lastActivity).reversed())
                .map(session -> summary(session, environments.get(session.environmentId())))
                .toList());
    }

    Ticket ticket(Caller caller, String sessionId) {
        owned(caller, sessionId);
        IssuedToken ticket = tokens.issueTicket(
                new dev.baton.relay.auth.Ticket(caller.accountId(), caller.deviceId(), sessionId, caller.tokenHash()));
        return new Ticket(ticket.token(), ticket.expiresAt());
    }

    SpawnResult spawn(Caller caller, String environmentId, Spawn body) {
        Limits.check("title", body.title(), Limits.TITLE);
        EnvironmentRecord environment = store.environment(environmentId)
                .filter(found -> found.accountId().equals(caller.accountId()))
                .orElseThrow(() ->
                        new ProtocolException(ErrorCode.ENVIRONMENT_NOT_FOUND, "no environment " + environmentId));
        // The environment's name is sealed for its devices: the relay holds only ciphertext, so a message
        // quoting it would show the device a string of base64 instead of a name.
        if (environment.spawnMode() == SpawnMode.SINGLE_SESSION) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    "this environment hosts a single session and cannot spawn new ones"
                            + " (its baton remote-control runs with --spawn session)");
        }
        synchronized (this) {
            Optional<ProtocolException> refusal = capacity.refusal(environment);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            SessionRecord session = SessionRecord.spawned(
                    Secrets.id("ses_"), caller.accountId(), environment.id(), body.title(), clock.instant());
            store.putSession(session);
            work.offer(environment.id(), new PendingWork(Secrets.id("work_"), WorkKind.CREATE, session.id()));
            return new SpawnResult(session.id());
        }
    }

    private SessionRecord owned(Caller caller, String sessionId) {
        return store.session(sessionId)
                .filter(session -> session.accountId().equals(caller.accountId()))
                .orElseThrow(() -> new ProtocolException(ErrorCode.SESSION_NOT_FOUND, "no session " + sessionId));
    }

    private EnvironmentSummary environmentSummary(EnvironmentRecord environment, List<SessionRecord> sessions) {
        boolean hosting = sessions.stream()
                .anyMatch(session -> environment.id().equals(session.environmentId()) && hub.isOnline(session.id()));
        return new EnvironmentSummary(
                environment.id(),
                environment.name(),
                hosting || work.isPolling(environment.id(), pollRecency),
                environment.spawnMode(),
                environment.directory());
    }

    private SessionSummary summary(SessionRecord session, EnvironmentSummary environment) {
        boolean processing = session.snapshot() != null && session.snapshot().processing();
        int pending = session.snapshot() == null
                ? 0
                : session.snapshot().pendingPermissions().size();
        return new SessionSummary(
                session.id(),
                session.displayTitle(),
                environment,
                hub.isOnline(session.id()),
                processing,
                pending,
                session.lastActivity(),
                hub.presenceSince(session.id()).orElse(null),
                session.key(),
                session.spawnTitle());
    }
}
