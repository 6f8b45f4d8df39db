package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.config.DurationText;
import dev.baton.server.e2ee.HostSeal;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.session.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one session hosted on a relay: connects, reconnects after every drop on the
 * {@link ReconnectSchedule}, fetches a fresh session token when the relay refuses the old one, and
 * stops for good on refusals that retrying cannot fix. Its state ({@code off → connecting → online ↔
 * reconnecting → offline}) is what the CLI's status lines and the editor's status bar show.
 *
 * <p>When the relay stays unreachable for the offline limit, it turns itself {@code off} with the
 * reason {@link ConnectionReason#OFFLINE_LIMIT}; the session itself is untouched and can be hosted again.
 */
public final class HostStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostStream.class);

    /** Refusals no retry can fix: the user has to change something. */
    private static final Set<ErrorCode> FATAL = Set.of(
            ErrorCode.INSUFFICIENT_SCOPE,
            ErrorCode.REMOTE_CONTROL_DISABLED,
            ErrorCode.REMOTE_CONTROL_NOT_ENABLED,
            ErrorCode.REMOTE_CONTROL_ELIGIBILITY_UNKNOWN,
            ErrorCode.UNSUPPORTED_PROTOCOL);

    private final RelayClient relay;
    private final Session session;
    private final HostSeal seal;
    private final SessionTokens tokens;
    private final HostStreamSettings settings;
    private final ReconnectSchedule schedule;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DevicesListener> devicesListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> revocationListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Cuts a wait between attempts short: the machine woke up, or we are stopping. */
    private final Semaphore nudge = new Semaphore(0);

    private volatile HostStreamSettings.Liveness liveness;
    private volatile OutageCause outageCause = OutageCause.NONE;
    private volatile ErrorCode refusal;
    private boolean causeKnown; // the tick task only
    /** Shared by every stream the process hosts; its owner shuts it down, a stream only cancels its tick. */
    private final ScheduledExecutorService timers;

    private ScheduledFuture<?> ticking; // guarded by this
    private Keyring.Listening rewraps; // guarded by this
    private Thread supervisor;
    private HostSocket current; // guarded by this
    private ConnectionState state = ConnectionState.OFF; // guarded by this
    private String detail; // guarded by this
    private ConnectionReason reason; // guarded by this
    private OptionalInt devices = OptionalInt.empty(); // guarded by this

    /**
     * @param seal what the session's content is sealed with before it leaves for the relay
     * @param timers runs the stream's tick; only short, non-blocking work may share it
     */
    public HostStream(
            RelayClient relay,
            Session session,
            HostSeal seal,
            SessionTokens tokens,
            HostStreamSettings settings,
            ScheduledExecutorService timers) {
        this(relay, session, seal, tokens, settings, timers, ReconnectSchedule.systemTime());
    }

    /** @param schedule when to retry; tests give it a clock they move forward */
    HostStream(
            RelayClient relay,
            Session session,
            HostSeal seal,
            SessionTokens tokens,
            HostStreamSettings settings,
            ScheduledExecutorService timers,
            ReconnectSchedule schedule) {
        this.relay = relay;
        this.session = session;
        this.seal = seal;
        this.tokens = tokens;
        this.settings = settings;
        this.timers = timers;
        this.schedule = schedule;
        this.liveness = settings.liveness();
    }

    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void addDevicesListener(DevicesListener listener) {
        devicesListeners.add(listener);
    }

    /**
     * Hears that the relay said a device of the account was paired or revoked ({@code devices_changed}); must
     * not block.
     */
    public void onDevicesChanged(Runnable listener) {
        revocationListeners.add(listener);
    }

    /**
     * How many distinct devices follow the session, as the relay last said on the current connection; empty
     * while not connected, and always with a relay that does not say.
     */
    public synchronized OptionalInt devices() {
        return devices;
    }

    public synchronized ConnectionState state() {
        return state;
    }

    /** The relay's refusal that stopped the stream for good (a policy, a protocol version), if that is why. */
    public Optional<ErrorCode> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Why the stream is in its current state (a drop, a refusal), or null. */
    public synchronized String detail() {
        return detail;
    }

    /** Started, and neither closed nor stopped by itself (the offline limit, a refusal no retry can fix). */
    public synchronized boolean isRunning() {
        return supervisor != null && supervisor.isAlive() && stopping.getCount() > 0;
    }

    /**
     * Where to learn why the relay cannot be reached beyond what a failed attempt says; while reconnecting,
     * a cause found there becomes the state's detail and reason (once, not at every attempt).
     */
    public void explainOutagesWith(OutageCause cause) {
        outageCause = cause;
    }

    public synchronized void start() {
        if (supervisor != null) {
            throw new IllegalStateException("already started");
        }
        // A new content key reaches the relay on the open connection; the next hello carries it anyway.
        rewraps = seal.onRewrapped(key -> {
            HostSocket socket;
            synchronized (this) {
                socket = current;
            }
            if (socket != null) {
                socket.sendKey(key);
            }
        });
        supervisor = Thread.ofVirtual().name("host-stream-" + session.id()).start(this::run);
        // Often enough for a shortened liveness window in tests; the relay's may only be shorter.
        long tick = Math.max(10, Math.min(1000, settings.pingInterval().toMillis() / 2));
        ticking = timers.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * The machine slept for {@code slept}: the connection it had is presumably dead although its
     * silence timer (monotonic, stopped while asleep) says otherwise. Drops it and reconnects at once,
     * with quick retries and the offline clock at zero; the caller has renewed the tokens.
     */
    public void wokeUp(Duration slept) {
        HostSocket socket;
        synchronized (this) {
            socket = current;
        }
        schedule.restart();
        nudge.release();
        if (socket != null) {
            socket.drop("the machine slept for " + DurationText.format(slept.truncatedTo(ChronoUnit.SECONDS)));
        }
    }

    /** Closes the connection and stops reconnecting; the state ends at {@code off}. */
    @Override
    public void close() {
        HostSocket socket;
        Thread running;
        synchronized (this) {
            stopping.countDown();
            nudge.release();
            socket = current;
            running = supervisor;
            if (ticking != null) {
                ticking.cancel(false);
            }
            if (rewraps != null) {
                rewraps.close();
            }
        }
        if (socket != null) {
            socket.close();
        }
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        transition(ConnectionState.OFF, null, null);
        devicesChanged(OptionalInt.empty());
    }

    private void run() {
        transition(ConnectionState.CONNECTING, null);
        boolean retrying = true;
        while (retrying && stopping.getCount() > 0) {
            retrying = switch (connectOnce()) {
                case HostSocket.Ending.Stopped stopped -> false;
                case HostSocket.Ending.Fatal fatal -> {
                    stopFor(fatal.reason());
                    yield false;
                }
                case HostSocket.Ending.Refused refused -> {
                    RelayException error = refused.error();
                    if (FATAL.contains(error.code())) {
                        refusal = error.code();
                        stopFor(error.getMessage());
                        yield false;
                    }
                    if (error.tokenRefused() || error.code() == ErrorCode.SESSION_NOT_FOUND) {
                        // Expired, or the relay forgot the session: registering it again gives a valid token.
                        tokens.sessionTokenRefused();
                    }
                    yield pause(error.getMessage());
                }
                case HostSocket.Ending.Dropped dropped -> pause(dropped.reason());
            };
        }
    }

    /** One connection attempt, start to end. */
    private HostSocket.Ending connectOnce() {
        HostSocket socket;
        try {
            String token = tokens.sessionToken();
            synchronized (this) {
                if (stopping.getCount() == 0) {
                    return new HostSocket.Ending.Stopped();
                }
                socket = HostSocket.open(
                        relay,
                        token,
                        session,
                        seal,
                        settings,
                        liveness,
                        this::online,
                        count -> devicesChanged(OptionalInt.of(count)),
                        () -> revocationListeners.forEach(Runnable::run));
                current = socket;
            }
        } catch (RelayException e) {
            // Registration problems the lease could not solve itself: only overload is worth retrying.
            return e.retryable()
                    ? new HostSocket.Ending.Dropped(e.getMessage())
                    : new HostSocket.Ending.Fatal(e.getMessage());
        } catch (IOException e) {
            return new HostSocket.Ending.Dropped("cannot reach the relay: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Host stream for {} failed", session.id(), e);
            return new HostSocket.Ending.Fatal("internal error: " + e);
        }
        HostSocket.Ending ending = socket.awaitEnd();
        synchronized (this) {
            current = null;
        }
        // What the relay said belonged to that connection; until the next one says again, nobody knows.
        devicesChanged(OptionalInt.empty());
        return ending;
    }

    /**
     * Reports the drop and waits before the next attempt, as the schedule says but never past the
     * offline limit, unless stopped or woken meanwhile.
     *
     * @return false when the offline limit is reached instead: Remote Control turned itself off
     */
    private boolean pause(String reason) {
        if (offlineLimitReached()) {
            turnOffFor("the relay at " + relay.url() + " was unreachable for "
                    + DurationText.format(settings.offlineTimeout()) + ", the offline limit");
            return false;
        }
        log.info("Host stream for {} is down: {}", session.id(), reason);
        transition(ConnectionState.RECONNECTING, reason);
        Duration delay = schedule.nextDelay();
        Duration untilLimit = settings.offlineTimeout().minus(schedule.outage());
        try {
            nudge.tryAcquire(Math.max(0, Math.min(delay.toMillis(), untilLimit.toMillis())), TimeUnit.MILLISECONDS);
            nudge.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
        return true;
    }

    private boolean offlineLimitReached() {
        return schedule.outage().compareTo(settings.offlineTimeout()) >= 0;
    }

    private void stopFor(String reason) {
        log.warn("Remote Control for {} stopped: {}", session.id(), reason);
        transition(ConnectionState.OFFLINE, reason);
    }

    private void turnOffFor(String reason) {
        log.warn("Remote Control for {} turned off: {}", session.id(), reason);
        transition(ConnectionState.OFF, reason, ConnectionReason.OFFLINE_LIMIT);
    }

    private void online(HostStreamSettings.Liveness relayLiveness) {
        liveness = relayLiveness;
        schedule.connected();
        transition(ConnectionState.ONLINE, null);
    }

    /**
     * Keeps the connection alive, ends an attempt that outlives the offline limit, and tells why the relay
     * is unreachable as soon as that is known, however long the wait before the next attempt.
     */
    private void tick() {
        explainOutage();
        HostSocket socket;
        synchronized (this) {
            socket = current;
        }
        if (socket == null) {
            return;
        }
        if (offlineLimitReached()) {
            socket.drop("the offline limit is reached");
        } else {
            socket.tick();
        }
    }

    private void explainOutage() {
        Optional<OutageCause.Found> found = outageCause.find();
        if (found.isEmpty()) {
            if (causeKnown) {
                causeKnown = false;
                // What kept the relay away is gone (the port is free, or ours): the next attempt need not
                // wait out a schedule that may have backed off to half a minute meanwhile.
                nudge.release();
            }
            return;
        }
        causeKnown = true;
        synchronized (this) {
            if (state == ConnectionState.RECONNECTING) {
                transition(
                        ConnectionState.RECONNECTING,
                        found.get().detail(),
                        found.get().reason());
            }
        }
    }

    private synchronized void devicesChanged(OptionalInt now) {
        if (devices.equals(now)) {
            return;
        }
        devices = now;
        for (DevicesListener listener : devicesListeners) {
            listener.onDevicesChanged(now);
        }
    }

    private void transition(ConnectionState next, String why) {
        transition(next, why, null);
    }

    private synchronized void transition(ConnectionState next, String why, ConnectionReason reason) {
        // Once stopping, only the final "off" is news; a late drop report from the closing socket is not.
        // In the same state only a new reason is: every further failed attempt of an outage is not.
        boolean news = state != next || (reason != null && reason != this.reason);
        if (!news || (stopping.getCount() == 0 && next != ConnectionState.OFF)) {
            return;
        }
        state = next;
        detail = why;
        this.reason = reason;
        for (ConnectionListener listener : listeners) {
            listener.onStateChanged(next, why, reason);
        }
    }
}
