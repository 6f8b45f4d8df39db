package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.session.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one session hosted on a relay: connects, reconnects after every drop with backoff and jitter,
 * fetches a fresh session token when the relay refuses the old one, and stops for good on refusals
 * that retrying cannot fix. Its state ({@code off → connecting → online ↔ reconnecting → offline}) is
 * what the CLI's status lines and the editor's status bar show.
 */
public final class HostStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostStream.class);

    /** Refusals no retry can fix: the user has to change something. */
    private static final Set<ErrorCode> FATAL =
            Set.of(ErrorCode.INSUFFICIENT_SCOPE, ErrorCode.REMOTE_CONTROL_DISABLED, ErrorCode.UNSUPPORTED_PROTOCOL);

    private final RelayClient relay;
    private final Session session;
    private final SessionTokens tokens;
    private final HostStreamSettings settings;
    private final Backoff backoff;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("host-stream-ticker").daemon().factory());
    private Thread supervisor;
    private HostSocket current; // guarded by this
    private ConnectionState state = ConnectionState.OFF; // guarded by this
    private String detail; // guarded by this

    public HostStream(RelayClient relay, Session session, SessionTokens tokens, HostStreamSettings settings) {
        this.relay = relay;
        this.session = session;
        this.tokens = tokens;
        this.settings = settings;
        this.backoff = new Backoff(settings.firstRetry(), settings.maxRetry(), RandomGenerator.getDefault());
    }

    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public synchronized ConnectionState state() {
        return state;
    }

    /** Why the stream is in its current state (a drop, a refusal), or null. */
    public synchronized String detail() {
        return detail;
    }

    public synchronized void start() {
        if (supervisor != null) {
            throw new IllegalStateException("already started");
        }
        supervisor = Thread.ofVirtual().name("host-stream-" + session.id()).start(this::run);
        long tick = Math.min(1000, settings.pingInterval().toMillis() / 2);
        ticker.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Closes the connection and stops reconnecting; the state ends at {@code off}. */
    @Override
    public void close() {
        HostSocket socket;
        Thread running;
        synchronized (this) {
            stopping.countDown();
            socket = current;
            running = supervisor;
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
        ticker.shutdownNow();
        transition(ConnectionState.OFF, null);
    }

    private void run() {
        transition(ConnectionState.CONNECTING, null);
        while (stopping.getCount() > 0) {
            switch (connectOnce()) {
                case HostSocket.Ending.Stopped stopped -> {
                    return;
                }
                case HostSocket.Ending.Fatal fatal -> {
                    stopFor(fatal.reason());
                    return;
                }
                case HostSocket.Ending.Refused refused -> {
                    RelayException error = refused.error();
                    if (FATAL.contains(error.code())) {
                        stopFor(error.getMessage());
                        return;
                    }
                    if (error.tokenRefused() || error.code() == ErrorCode.SESSION_NOT_FOUND) {
                        // Expired, or the relay forgot the session: registering it again gives a valid token.
                        tokens.sessionTokenRefused();
                    }
                    pause(error.getMessage());
                }
                case HostSocket.Ending.Dropped dropped -> pause(dropped.reason());
            }
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
                socket = HostSocket.open(relay, token, session, settings, this::online);
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
        return ending;
    }

    /** Reports the drop and waits (jittered backoff) before the next attempt, unless stopped meanwhile. */
    private void pause(String reason) {
        log.info("Host stream for {} is down: {}", session.id(), reason);
        transition(ConnectionState.RECONNECTING, reason);
        try {
            stopping.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    private void stopFor(String reason) {
        log.warn("Remote Control for {} stopped: {}", session.id(), reason);
        transition(ConnectionState.OFFLINE, reason);
    }

    private void online() {
        backoff.reset();
        transition(ConnectionState.ONLINE, null);
    }

    private void tick() {
        HostSocket socket;
        synchronized (this) {
            socket = current;
        }
        if (socket != null) {
            socket.tick();
        }
    }

    private synchronized void transition(ConnectionState next, String why) {
        // Once stopping, only the final "off" is news; a late drop report from the closing socket is not.
        if (state == next || (stopping.getCount() == 0 && next != ConnectionState.OFF)) {
            return;
        }
        state = next;
        detail = why;
        for (ConnectionListener listener : listeners) {
            listener.onStateChanged(next, why);
        }
    }
}
