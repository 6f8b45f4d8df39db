package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One session registered with a relay, and the short-lived tokens that keep it so: the environment
 * token (renewed before it expires, or replaced by registering the environment again) and the session
 * host token (renewed by registering the session again, which keeps its id and URL).
 */
public final class SessionLease implements SessionTokens {
    /** Renew a token when less than this part of its life is left. */
    private static final int RENEW_WHEN_LEFT_DIVISOR = 5;

    private final RelayClient relay;
    private final AccountCredential account;
    private final CreateEnvironment environmentRequest;
    private final String sessionId;
    private final String title;
    private final Clock clock;

    private String accountToken;
    private EnvironmentRegistration environment;
    private Instant environmentIssued;
    private SessionRegistration session;
    private Instant sessionIssued;

    private SessionLease(
            RelayClient relay,
            AccountCredential account,
            CreateEnvironment environmentRequest,
            String sessionId,
            String title,
            Clock clock) {
        this.relay = relay;
        this.account = account;
        this.environmentRequest = environmentRequest;
        this.sessionId = sessionId;
        this.title = title;
        this.clock = clock;
        this.accountToken = account.token();
    }

    /** Registers the environment and the session (with its local id, so the URL stays the same). */
    public static SessionLease register(
            RelayClient relay,
            AccountCredential account,
            CreateEnvironment environmentRequest,
            String sessionId,
            String title,
            Clock clock)
            throws IOException {
        SessionLease lease = new SessionLease(relay, account, environmentRequest, sessionId, title, clock);
        lease.sessionToken();
        return lease;
    }

    /** {@code {publicUrl}/s/{sessionId}}, without a pairing code. */
    public synchronized String sessionUrl() {
        return session.url();
    }

    public String sessionId() {
        return sessionId;
    }

    public synchronized String environmentId() {
        return environment.environmentId();
    }

    @Override
    public synchronized String sessionToken() throws IOException {
        if (session == null || dueForRenewal(sessionIssued, session.expiresAt())) {
            session = withEnvironment(
                    env -> relay.registerSession(env.environmentId(), env.environmentToken(), registration()));
            sessionIssued = clock.instant();
            if (!sessionId.equals(session.sessionId())) {
                throw new RelayException(
                        ErrorCode.INTERNAL,
                        200,
                        "the relay registered session " + session.sessionId() + " instead of " + sessionId);
            }
        }
        return session.sessionToken();
    }

    @Override
    public synchronized void sessionTokenRefused() {
        session = null;
    }

    /** A single-use pairing code for this session. */
    public synchronized Pairing createPairing() throws IOException {
        return withEnvironment(env -> relay.createPairing(env.environmentId(), env.environmentToken(), sessionId));
    }

    /**
     * The devices of the account, the call to the relay bounded by {@code timeout}. It uses the environment
     * token as it stands, without the lock: names are a nicety, not worth a re-registration, and a slow
     * relay must not hold up the token renewals the host stream waits on.
     */
    public List<EnvironmentDevice> devices(Duration timeout) throws IOException {
        EnvironmentRegistration env;
        synchronized (this) {
            env = environment;
        }
        return relay.devices(env.environmentId(), env.environmentToken(), timeout)
                .devices();
    }

    /** Renews whichever token is in the last part of its life; call it periodically. */
    public synchronized void renewDue() throws IOException {
        freshEnvironment();
        sessionToken();
    }

    private RegisterSession registration() {
        return new RegisterSession(sessionId, title);
    }

    private interface EnvironmentCall<T> {
        T call(EnvironmentRegistration environment) throws IOException;
    }

    /** Runs {@code call} with a live environment token, registering the environment again if refused. */
    private <T> T withEnvironment(EnvironmentCall<T> call) throws IOException {
        try {
            return call.call(freshEnvironment());
        } catch (RelayException e) {
            if (!e.tokenRefused() && e.code() != ErrorCode.ENVIRONMENT_NOT_FOUND) {
                throw e;
            }
            registerEnvironment();
            return call.call(environment);
        }
    }

    private EnvironmentRegistration freshEnvironment() throws IOException {
        if (environment == null) {
            registerEnvironment();
        } else if (dueForRenewal(environmentIssued, environment.expiresAt())) {
            try {
                environment = relay.renewEnvironment(environment.environmentId(), environment.environmentToken());
                environmentIssued = clock.instant();
            } catch (RelayException e) {
                if (!e.tokenRefused() && e.code() != ErrorCode.ENVIRONMENT_NOT_FOUND) {
                    throw e;
                }
                registerEnvironment();
            }
        }
        return environment;
    }

    private void registerEnvironment() throws IOException {
        try {
            environment = relay.createEnvironment(accountToken, environmentRequest);
        } catch (RelayException e) {
            if (!e.tokenRefused()) {
                throw e;
            }
            accountToken = account.replaceRefused(e);
            environment = relay.createEnvironment(accountToken, environmentRequest);
        }
        environmentIssued = clock.instant();
    }

    private boolean dueForRenewal(Instant issued, Instant expiresAt) {
        Duration life = Duration.between(issued, expiresAt);
        Instant renewAt = expiresAt.minus(life.dividedBy(RENEW_WHEN_LEFT_DIVISOR));
        return !clock.instant().isBefore(renewAt);
    }
}
