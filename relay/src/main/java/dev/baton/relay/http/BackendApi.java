package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.RelayApi.AdoptSessions;
import dev.baton.protocol.relay.RelayApi.AdoptedSessions;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.CreatePairing;
import dev.baton.protocol.relay.RelayApi.DeclineWork;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.relay.RelayApi.EnvironmentDeviceList;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import dev.baton.protocol.relay.RelayApi.UpdateEnvironment;
import dev.baton.protocol.relay.RelayApi.WorkItem;
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
import dev.baton.relay.store.StaleEpochException;
import dev.baton.relay.store.TokenRecord;
import dev.baton.relay.work.PendingWork;
import dev.baton.relay.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The HTTP calls a backend makes to the relay. */
final class BackendApi {
    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    /** What a limited token gets instead of "needs an account token": the reason, in the user's terms. */
    static final String REMOTE_CONTROL_NEEDS_FULL_SCOPE = "Remote Control requires a full-scope login token";

    private static final Set<Scope> LIMITED_OR_FULL = EnumSet.of(Scope.ACCOUNT, Scope.READ_ONLY);
    /** Long polls end well before proxies and clients give up on a quiet request. */
    static final Duration MAX_POLL = Duration.ofSeconds(30);
    /** Each retry needs another node's hello to start a new epoch within one registration: three is plenty. */
    private static final int REGISTER_ATTEMPTS = 3;

    private final RelayStore store;
    private final TokenService tokens;
    private final Accounts accounts;
    private final WorkQueue work;
    private final Pairings pairings;
    private final SessionUrls urls;
    private final Hub hub;
    private final Clock clock;

    BackendApi(
            RelayStore store,
            TokenService tokens,
            Accounts accounts,
            WorkQueue work,
            Pairings pairings,
            SessionUrls urls,
            Hub hub,
            Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.accounts = accounts;
        this.work = work;
        this.pairings = pairings;
        this.urls = urls;
        this.hub = hub;
        this.clock = clock;
    }

    /** The account token behind {@code bearer}; checked before the body is read. */
    TokenRecord account(String bearer) {
        TokenRecord account = tokens.require(bearer, Scope.ACCOUNT, LIMITED_OR_FULL);
        if (account.scope() != Scope.ACCOUNT) {
            throw new ProtocolException(
                    ErrorCode.INSUFFICIENT_SCOPE,
                    REMOTE_CONTROL_NEEDS_FULL_SCOPE + "; this is "
                            + account.scope().description() + ", made for scripts");
        }
        accounts.requireRemoteControl(account.accountId());
        return account;
    }

    EnvironmentRegistration createEnvironment(TokenRecord account, CreateEnvironment body) {
        Limits.check("name", body.name(), Limits.ENVIRONMENT_NAME);
        Limits.check("hostname", body.hostname(), Limits.HOSTNAME);
        Limits.check("directory", body.directory(), Limits.DIRECTORY);
        SpawnMode spawnMode = body.spawnMode() == null ? SpawnMode.SINGLE_SESSION : body.spawnMode();
        if (body.capacity() < 0 || (spawnMode != SpawnMode.SINGLE_SESSION && body.capacity() < 1)) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "capacity must be at least 1 for spawn mode " + spawnMode.name());
        }
        EnvironmentRecord environment = new EnvironmentRecord(
                Secrets.id("env_"),
                account.accountId(),
                firstNonBlank(body.name(), body.hostname(), "environment"),
                body.hostname(),
                body.directory(),
                spawnMode,
                body.capacity(),
                clock.instant());
        store.putEnvironment(environment);
        return registration(environment);
    }

    /** Extension: the environment's fields sealed again after its backend rotated its content key. */
    void updateEnvironment(EnvironmentRecord environment, UpdateEnvironment body) {
        Limits.check("name", body.name(), Limits.ENVIRONMENT_NAME);
        Limits.check("hostname", body.hostname(), Limits.HOSTNAME);
        Limits.check("directory", body.directory(), Limits.DIRECTORY);
        store.putEnvironment(new EnvironmentRecord(
                environment.id(),
                environment.accountId(),
                firstNonBlank(body.name(), body.hostname(), "environment"),
                body.hostname(),
                body.directory(),
                environment.spawnMode(),
                environment.capacity(),
                environment.createdAt()));
    }

    EnvironmentRegistration renew(String bearer, String environmentId) {
        return registration(environment(bearer, environmentId));
    }

    /** Blocks the (virtual) request thread for up to {@code waitMs}; empty when nothing came. */
    Optional<WorkItem> pollWork(String bearer, String environmentId, String waitMs) throws InterruptedException {
        EnvironmentRecord environment = environment(bearer, environmentId);
        Duration wait = WorkQueue.clamp(parseWait(waitMs), MAX_POLL);
        return work.poll(environment.id(), wait).map(pending -> item(environment, pending));
    }

    SessionRegistration registerSession(EnvironmentRecord environment, RegisterSession body) {
        Limits.check("title", body.title(), Limits.TITLE);
        String sessionId = body.sessionId() == null ? Secrets.id("ses_") : body.sessionId();
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "sessionId must match " + SESSION_ID.pattern());
        }
        putSession(() -> registered(environment, sessionId, body.title()));
        IssuedToken token = tokens.issue(Scope.SESSION_HOST, environment.accountId(), sessionId);
        return new SessionRegistration(sessionId, token.token(), token.expiresAt(), urls.session(sessionId));
    }

    /**
     * Extension: lists the named sessions of the account under {@code environment}, leaving out those it
     * does not have and those whose host is online now (another process holds them, and its environment
     * keeps them). A single-session environment takes no attach work, so adopting would only hide them.
     * The hub hears of each adopted session, so devices already looking at it get it hosted.
     */
    AdoptedSessions adoptSessions(EnvironmentRecord environment, AdoptSessions body) {
        if (environment.spawnMode() == SpawnMode.SINGLE_SESSION) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    "a single-session environment hosts only the sessions it registers;"
                            + " adopting needs spawn mode same-dir or worktree");
        }
        List<String> wanted = body.sessionIds() == null ? List.of() : body.sessionIds();
        if (wanted.size() > AdoptSessions.MAX_SESSION_IDS) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    "at most " + AdoptSessions.MAX_SESSION_IDS + " sessionIds in one adoption, not " + wanted.size());
        }
        for (String sessionId : wanted) {
            if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "each sessionId must match " + SESSION_ID.pattern());
            }
        }
        List<String> taken = new ArrayList<>();
        for (String sessionId : new LinkedHashSet<>(wanted)) {
            Optional<SessionRecord> found = store.session(sessionId)
                    .filter(session -> session.accountId().equals(environment.accountId()));
            if (found.isEmpty() || hub.isOnline(sessionId)) {
                continue;
            }
            if (!environment.id().equals(found.get().environmentId())) {
                putSession(() -> store.session(sessionId).orElseThrow().withEnvironment(environment.id(), null));
            }
            taken.add(sessionId);
            hub.adopted(sessionId);
        }
        return new AdoptedSessions(taken);
    }

    /**
     * Extension: the backend did not host a session of this environment it took as work. The words are
     * the relay's, from the closed set of reasons, so nothing the machine wrote reaches a device.
     */
    void declineWork(EnvironmentRecord environment, DeclineWork body) {
        if (body.sessionId() == null || body.kind() == null || body.reason() == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a decline needs sessionId, kind and reason");
        }
        store.session(body.sessionId())
                .filter(session -> environment.id().equals(session.environmentId()))
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.SESSION_NOT_FOUND, "no session " + body.sessionId() + " under this environment"));
        work.declined(environment.id(), body.sessionId());
        String verb = body.kind() == WorkKind.CREATE ? "start" : "resume";
        // The environment's name is sealed: the relay cannot say which computer, only that it is the session's.
        hub.declined(
                body.sessionId(),
                "Could not " + verb + " this session on its computer: "
                        + body.reason().explanation());
    }

    /** Writes the record {@code change} makes from the session's current one. */
    private void putSession(Supplier<SessionRecord> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.putSession(change.get());
                return;
            } catch (StaleEpochException moved) {
                // A host of the session said hello on another relay node between the read and the write and
                // started a new epoch: the record to change is that one.
                if (attempt == REGISTER_ATTEMPTS) {
                    throw moved;
                }
            }
        }
    }

    /** The session's record as this registration leaves it: the existing one moved to the environment, or a new one. */
    private SessionRecord registered(EnvironmentRecord environment, String sessionId, String title) {
        Optional<SessionRecord> existing = store.session(sessionId);
        if (existing.isPresent() && !existing.get().accountId().equals(environment.accountId())) {
            throw new ProtocolException(ErrorCode.SESSION_NOT_FOUND, "no session " + sessionId);
        }
        return existing.map(found -> found.withEnvironment(environment.id(), title))
                .orElseGet(() -> SessionRecord.create(
                        sessionId, environment.accountId(), environment.id(), title, clock.instant()));
    }

    Pairing createPairing(EnvironmentRecord environment, CreatePairing body) {
        String newest = store.sessionsOf(environment.accountId()).stream()
                .filter(session -> environment.id().equals(session.environmentId()))
                .max(Comparator.comparing(SessionRecord::createdAt))
                .map(SessionRecord::id)
                .orElse(null);
        return pairings.create(environment.accountId(), body.sessionId(), newest);
    }

    /**
     * Extension: the account's devices, so the backend can name the device an input came from, and deliver
     * a new content key to each by its agreement key. Revoked devices are gone from the store, so they are
     * not listed: a backend tells a revocation by a device it knew missing here.
     */
    EnvironmentDeviceList devices(String bearer, String environmentId) {
        EnvironmentRecord environment = environment(bearer, environmentId);
        return new EnvironmentDeviceList(store.devicesOf(environment.accountId()).stream()
                .sorted(Comparator.comparing(DeviceRecord::createdAt))
                .map(this::listed)
                .toList());
    }

    /** With every registration of its agreement key, newest first. */
    private EnvironmentDevice listed(DeviceRecord device) {
        List<AgreementKey> keys = store.agreementKeys(device.id());
        return new EnvironmentDevice(
                device.id(), device.name(), device.createdAt(), device.lastSeen(), keys.isEmpty() ? null : keys);
    }

    void deleteEnvironment(String bearer, String environmentId) {
        EnvironmentRecord environment = environment(bearer, environmentId);
        store.deleteEnvironment(environment.id());
        tokens.revokeSubject(environment.id());
        work.forget(environment.id());
    }

    /** The environment {@code bearer} may act for; checked before the body is read. */
    EnvironmentRecord environment(String bearer, String environmentId) {
        TokenRecord token = tokens.require(bearer, Scope.ENVIRONMENT);
        if (!token.subjectId().equals(environmentId)) {
            throw new ProtocolException(
                    ErrorCode.INSUFFICIENT_SCOPE, "this environment token is for another environment");
        }
        return store.environment(environmentId)
                .orElseThrow(() ->
                        new ProtocolException(ErrorCode.ENVIRONMENT_NOT_FOUND, "no environment " + environmentId));
    }

    private EnvironmentRegistration registration(EnvironmentRecord environment) {
        IssuedToken token = tokens.issue(Scope.ENVIRONMENT, environment.accountId(), environment.id());
        return new EnvironmentRegistration(environment.id(), token.token(), token.expiresAt());
    }

    private WorkItem item(EnvironmentRecord environment, PendingWork pending) {
        IssuedToken token = tokens.issue(Scope.SESSION_HOST, environment.accountId(), pending.sessionId());
        return new WorkItem(pending.workId(), pending.kind(), pending.sessionId(), token.token(), token.expiresAt());
    }

    private static long parseWait(String waitMs) {
        if (waitMs == null) {
            return 0;
        }
        try {
            return Long.parseLong(waitMs);
        } catch (NumberFormatException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "waitMs must be a number of milliseconds");
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalArgumentException("no fallback given");
    }
}
