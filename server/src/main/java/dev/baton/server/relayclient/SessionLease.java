package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One session registered with a relay under an {@link EnvironmentLease}, and its session host token
 * (renewed by registering the session again, which keeps its id and URL).
 */
public final class SessionLease implements SessionTokens {
    private final EnvironmentLease environment;
    private final String sessionId;
    private final String title;

    private SessionRegistration session;
    private Instant sessionIssued;

    private SessionLease(EnvironmentLease environment, String sessionId, String title) {
        this.environment = environment;
        this.sessionId = sessionId;
        this.title = title;
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
        return register(EnvironmentLease.register(relay, account, environmentRequest, clock), sessionId, title);
    }

    /**
     * Registers one more session under an environment already registered.
     *
     * @param title the session's title as the relay may keep it (sealed, opaque to the relay), or null
     */
    public static SessionLease register(EnvironmentLease environment, String sessionId, String title)
            throws IOException {
        SessionLease lease = new SessionLease(environment, sessionId, title);
        lease.sessionToken();
        return lease;
    }

    public EnvironmentLease environment() {
        return environment;
    }

    /** {@code {publicUrl}/s/{sessionId}}, without a pairing code. */
    public synchronized String sessionUrl() {
        return session.url();
    }

    public String sessionId() {
        return sessionId;
    }

    public String environmentId() {
        return environment.environmentId();
    }

    @Override
    public synchronized String sessionToken() throws IOException {
        if (session == null
                || EnvironmentLease.dueForRenewal(sessionIssued, session.expiresAt(), environment.clock())) {
            session = environment.withEnvironment(env -> environment
                    .relay()
                    .registerSession(
                            env.environmentId(), env.environmentToken(), new RegisterSession(sessionId, title)));
            sessionIssued = environment.clock().instant();
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
    public Pairing createPairing() throws IOException {
        return environment.withEnvironment(
                env -> environment.relay().createPairing(env.environmentId(), env.environmentToken(), sessionId));
    }

    /** The devices of the account; see {@link EnvironmentLease#devices}. */
    public List<EnvironmentDevice> devices(Duration timeout) throws IOException {
        return environment.devices(timeout);
    }

    /** Renews whichever token is in the last part of its life; call it periodically. */
    public void renewDue() throws IOException {
        environment.renewDue();
        sessionToken();
    }
}
