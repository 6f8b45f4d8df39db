package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.relay.DeclineReason;
import dev.baton.protocol.relay.RelayApi.AdoptSessions;
import dev.baton.protocol.relay.RelayApi.ContentKeyDeliveries;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.DeclineWork;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.UpdateEnvironment;
import dev.baton.protocol.relay.RelayApi.WorkItem;
import dev.baton.protocol.relay.WorkKind;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BinaryOperator;

/**
 * One environment registered with a relay and its short-lived token: renewed before it expires, or
 * replaced by registering the environment again when the relay forgot it. Every session a process hosts
 * under the environment shares this lease, so they share one environment id.
 */
public final class EnvironmentLease {
    /** Renew a token when less than this part of its life is left. */
    private static final int RENEW_WHEN_LEFT_DIVISOR = 5;

    private final RelayClient relay;
    private final AccountCredential account;
    private final Clock clock;

    private CreateEnvironment request;

    private String accountToken;
    private EnvironmentRegistration environment;
    private Instant issued;
    /** Set by {@link #delete}: a call refused after it must not register the environment again. */
    private boolean deleted;

    private final List<Runnable> registeredAgain = new CopyOnWriteArrayList<>();

    private EnvironmentLease(RelayClient relay, AccountCredential account, CreateEnvironment request, Clock clock) {
        this.relay = relay;
        this.account = account;
        this.request = request;
        this.clock = clock;
        this.accountToken = account.token();
    }

    /** Registers the environment now, so a refused account fails before anything else starts. */
    public static EnvironmentLease register(
            RelayClient relay, AccountCredential account, CreateEnvironment request, Clock clock) throws IOException {
        EnvironmentLease lease = new EnvironmentLease(relay, account, request, clock);
        synchronized (lease) {
            lease.registerEnvironment();
        }
        return lease;
    }

    public RelayClient relay() {
        return relay;
    }

    public Clock clock() {
        return clock;
    }

    public synchronized CreateEnvironment request() {
        return request;
    }

    public synchronized String environmentId() {
        return environment.environmentId();
    }

    /** A call made with the environment's token. */
    public interface EnvironmentCall<T> {
        T call(EnvironmentRegistration environment) throws IOException;
    }

    /** Runs {@code call} with a live environment token, registering the environment again if refused. */
    public synchronized <T> T withEnvironment(EnvironmentCall<T> call) throws IOException {
        try {
            return call.call(fresh());
        } catch (RelayException e) {
            if (!e.tokenRefused() && e.code() != ErrorCode.ENVIRONMENT_NOT_FOUND) {
                throw e;
            }
            registerEnvironment();
            return call.call(environment);
        }
    }

    /** Renews the token when it is in the last part of its life; call it periodically. */
    public synchronized void renewDue() throws IOException {
        fresh();
    }

    /**
     * Waits up to {@code wait} for work (a device asked for a new session, or opened one nobody hosts).
     * The long poll runs outside the lock, so token renewals and registrations never wait behind it.
     */
    public Optional<WorkItem> pollWork(Duration wait) throws IOException {
        EnvironmentRegistration current;
        synchronized (this) {
            current = fresh();
        }
        try {
            return relay.pollWork(current.environmentId(), current.environmentToken(), wait);
        } catch (RelayException e) {
            if (!e.tokenRefused() && e.code() != ErrorCode.ENVIRONMENT_NOT_FOUND) {
                throw e;
            }
            synchronized (this) {
                if (environment == current) {
                    registerEnvironment();
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The devices of the account, the call bounded by {@code timeout}. It uses the token as it stands,
     * without the lock: names are a nicety, not worth a re-registration, and a slow relay must not hold up
     * the token renewals the host streams wait on.
     */
    public List<EnvironmentDevice> devices(Duration timeout) throws IOException {
        EnvironmentRegistration current;
        synchronized (this) {
            current = environment;
        }
        return relay.devices(current.environmentId(), current.environmentToken(), timeout)
                .devices();
    }

    /**
     * Asks the relay to list these sessions under this environment, so a device opening one sends it
     * {@code attach} work.
     *
     * @return the ids the relay now lists here (those it knows whose host is not online elsewhere)
     */
    public List<String> adopt(List<String> sessionIds) throws IOException {
        return withEnvironment(current -> relay.adoptSessions(
                        current.environmentId(), current.environmentToken(), new AdoptSessions(sessionIds))
                .sessionIds());
    }

    /** Tells the relay this environment did not host a session it took as work, so its devices hear why. */
    public void decline(String sessionId, WorkKind kind, DeclineReason reason) throws IOException {
        withEnvironment(current -> {
            relay.declineWork(
                    current.environmentId(), current.environmentToken(), new DeclineWork(sessionId, kind, reason));
            return null;
        });
    }

    /** Leaves a new content key at the relay for each remaining device, re-registering if the token is refused. */
    public void deliverContentKeys(List<ContentKeyDelivery> deliveries) throws IOException {
        withEnvironment(current -> {
            relay.deliverContentKeys(
                    current.environmentId(), current.environmentToken(), new ContentKeyDeliveries(deliveries));
            return null;
        });
    }

    /**
     * Seals the environment's fields again: {@code reseal} is given each field's name and sealed value and
     * answers it sealed under the new content key. Registering again later sends these too.
     */
    public synchronized void reseal(BinaryOperator<String> reseal) throws IOException {
        request = new CreateEnvironment(
                reseal.apply("name", request.name()),
                reseal.apply("hostname", request.hostname()),
                reseal.apply("directory", request.directory()),
                request.spawnMode(),
                request.capacity());
        UpdateEnvironment update = new UpdateEnvironment(request.name(), request.hostname(), request.directory());
        withEnvironment(current -> {
            relay.updateEnvironment(current.environmentId(), current.environmentToken(), update);
            return null;
        });
    }

    /**
     * Runs {@code listener}, on a thread of its own, each time the relay no longer knew the environment
     * (it lost its data, or the environment was deleted under this process) and it was registered again
     * under a new id: what the relay kept under the old one is to be registered again too.
     */
    public void onRegisteredAgain(Runnable listener) {
        registeredAgain.add(listener);
    }

    /** Deregisters the environment, so no device lists it online a moment longer than it runs. */
    public synchronized void delete() throws IOException {
        deleted = true;
        relay.deleteEnvironment(environment.environmentId(), environment.environmentToken());
    }

    private EnvironmentRegistration fresh() throws IOException {
        if (environment == null) {
            registerEnvironment();
        } else if (dueForRenewal(issued, environment.expiresAt(), clock)) {
            try {
                environment = relay.renewEnvironment(environment.environmentId(), environment.environmentToken());
                issued = clock.instant();
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
        if (deleted) {
            // A late call (a poll, a delayed adoption) would otherwise list an environment nobody runs.
            throw new IOException("the environment was deregistered");
        }
        boolean again = environment != null;
        try {
            environment = relay.createEnvironment(accountToken, request);
        } catch (RelayException e) {
            if (!e.tokenRefused()) {
                throw e;
            }
            accountToken = account.replaceRefused(e);
            environment = relay.createEnvironment(accountToken, request);
        }
        issued = clock.instant();
        if (again) {
            // Not under this lock: a listener calls back into the lease.
            registeredAgain.forEach(listener -> Thread.ofVirtual().start(listener));
        }
    }

    static boolean dueForRenewal(Instant issued, Instant expiresAt, Clock clock) {
        Duration life = Duration.between(issued, expiresAt);
        Instant renewAt = expiresAt.minus(life.dividedBy(RENEW_WHEN_LEFT_DIVISOR));
        return !clock.instant().isBefore(renewAt);
    }
}
