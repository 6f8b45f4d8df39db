package dev.baton.server.remote;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.server.e2ee.ContentKey;
import dev.baton.server.e2ee.DeviceDirectory;
import dev.baton.server.e2ee.HostSeal;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.e2ee.RevocationCheck;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.ConnectionListener;
import dev.baton.server.relayclient.DevicesListener;
import dev.baton.server.relayclient.EnvironmentLease;
import dev.baton.server.relayclient.HostStream;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.OutageCause;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.relayclient.SessionLease;
import dev.baton.server.relayclient.SleepDetector;
import dev.baton.server.session.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote Control for one session: registered with a relay under an environment for this machine and
 * directory, reachable through a URL with a pairing code, and hosted on the relay once {@link #connect()}
 * is called. It does not own the session; closing it stops hosting and leaves the session open.
 */
public final class RemoteControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteControl.class);
    /** A check for revoked devices waits this long for the relay's list, then tries at the next chance. */
    private static final Duration DEVICES_TIMEOUT = Duration.ofSeconds(10);
    /** A code on show is replaced this long before it expires, so it never runs out while being typed. */
    private static final Duration PAIRING_MARGIN = Duration.ofMinutes(1);

    private final RelayClient relay;
    private final Keyring keys;
    private final SessionLease lease;
    private final HostStream stream;
    private volatile Pairing pairing;
    /** Whether this session's code is the one on show, so renewed after each pairing and before it expires. */
    private volatile boolean pairingKeptFresh;

    private final List<Runnable> pairingListeners = new CopyOnWriteArrayList<>();
    private final Clock wall;
    private final SleepDetector sleep;
    /** Renewals wait on the relay: a virtual thread of the session's own, so no other session waits behind. */
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("token-renewal").factory());

    /** Closes the relay client when this Remote Control made it; null when the client is shared. */
    private final RelayClient ownedRelay;
    /** Shuts the stream's timers down when this Remote Control made them; null when they are shared. */
    private final ScheduledExecutorService ownedTimers;
    /** Stops re-sealing the environment after rotations when this Remote Control registered it; else null. */
    private final Keyring.Listening resealing;
    /** Stops telling the pairing listeners of a rotation. */
    private final Keyring.Listening rotationShown;

    private RemoteControl(
            RelayClient relay,
            Keyring keys,
            RelayClient ownedRelay,
            ScheduledExecutorService ownedTimers,
            Keyring.Listening resealing,
            SessionLease lease,
            HostStream stream,
            Pairing pairing,
            Clock wall) {
        this.relay = relay;
        this.keys = keys;
        this.ownedRelay = ownedRelay;
        this.ownedTimers = ownedTimers;
        this.resealing = resealing;
        this.lease = lease;
        this.stream = stream;
        this.pairing = pairing;
        this.wall = wall;
        this.sleep = new SleepDetector(wall, System::nanoTime);
        // The URL on show carries the content key: a screen left showing the one from before a rotation (the
        // check at start-up rotates when the relay no longer lists a device this home knew) pairs devices
        // with a key that opens nothing from then on, and their page never gets past loading.
        this.rotationShown = keys.onNewContentKey((previous, next) -> pairingListeners.forEach(Runnable::run));
    }

    /**
     * Registers the environment and the session and mints a pairing code; nothing is hosted until
     * {@link #connect()}, so the caller can subscribe to state changes first.
     *
     * @param name the environment's name, shown to devices; null means the host name
     * @param keys what the session's content, and what the relay lists of the environment, is sealed with
     */
    public static RemoteControl register(
            URI relayUrl,
            AccountCredential account,
            Session session,
            String name,
            HostStreamSettings settings,
            Keyring keys)
            throws IOException {
        return register(relayUrl, account, session, name, settings, keys, Clock.systemUTC());
    }

    /**
     * @param wall decides when tokens are due and, against {@code System.nanoTime}, when the machine
     *     slept; tests move it forward
     */
    public static RemoteControl register(
            URI relayUrl,
            AccountCredential account,
            Session session,
            String name,
            HostStreamSettings settings,
            Keyring keys,
            Clock wall)
            throws IOException {
        RelayClient relay = new RelayClient(relayUrl);
        ScheduledExecutorService timers = streamTimers();
        try {
            EnvironmentLease environment = EnvironmentLease.register(
                    relay,
                    account,
                    environmentOf(name, session.directory(), SpawnMode.SINGLE_SESSION, 1, keys.contentKey()),
                    wall);
            RemoteControl remote = host(
                    environment, session, settings, keys, revocationCheck(environment, keys), relay, timers, timers);
            remote.keepPairingFresh();
            return remote;
        } catch (IOException | RuntimeException e) {
            timers.shutdownNow();
            relay.close();
            throw e;
        }
    }

    /**
     * Registers one more session under an environment this process registered (server mode), with a
     * pairing code of its own, which is renewed only once {@link #keepPairingFresh()} says it is the one
     * on show. Closing it leaves the environment, its relay client and {@code timers} alone.
     *
     * @param revocations the environment's one check for revoked devices ({@link #revocationCheck}), shared
     *     by its sessions so a notice on each of their streams makes one check, not one per session
     * @param timers ticks the host stream; one {@link #streamTimers()} serves every session of the process
     */
    public static RemoteControl host(
            EnvironmentLease environment,
            Session session,
            HostStreamSettings settings,
            Keyring keys,
            RevocationCheck revocations,
            ScheduledExecutorService timers)
            throws IOException {
        return host(environment, session, settings, keys, revocations, null, timers, null);
    }

    /** Checks the relay's list of the environment's devices for revoked ones, and rotates the content key. */
    public static RevocationCheck revocationCheck(EnvironmentLease environment, Keyring keys) {
        return new RevocationCheck(keys, directoryOf(environment));
    }

    /**
     * The one thread that ticks the host streams (pings, silence checks) of every session hosted with it:
     * their ticks are short and never block. Shut it down after closing those sessions' Remote Control.
     */
    public static ScheduledExecutorService streamTimers() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("host-stream-ticker").daemon().factory());
    }

    /** The name devices list an environment under: the one it was given, else this machine's. */
    public static String environmentName(String name) {
        return name == null ? LocalHost.name() : name;
    }

    /**
     * What {@code POST /v1/environments} says about this machine and directory: the name, host name and
     * directory sealed under the content key, for paired devices only.
     */
    public static CreateEnvironment environmentOf(
            String name, Path directory, SpawnMode spawnMode, int capacity, ContentKey key) {
        String hostname = LocalHost.name();
        return new CreateEnvironment(
                key.sealEnvironmentField("name", environmentName(name)),
                key.sealEnvironmentField("hostname", hostname),
                key.sealEnvironmentField("directory", directory.toString()),
                spawnMode,
                capacity);
    }

    /** {@code ownedRelay} and {@code ownedTimers} are null when shared, else closing shuts them down. */
    private static RemoteControl host(
            EnvironmentLease environment,
            Session session,
            HostStreamSettings settings,
            Keyring keys,
            RevocationCheck revocations,
            RelayClient ownedRelay,
            ScheduledExecutorService timers,
            ScheduledExecutorService ownedTimers)
            throws IOException {
        HostSeal seal = HostSeal.of(keys, session.id());
        SessionLease lease = SessionLease.register(
                environment, session.id(), seal.title(session.snapshot().title()));
        Pairing pairing = lease.createPairing();
        HostStream stream = new HostStream(environment.relay(), session, seal, lease, settings, timers);
        watchForRevocations(stream, revocations);
        return new RemoteControl(
                environment.relay(),
                keys,
                ownedRelay,
                ownedTimers,
                ownedRelay != null ? resealOnRotation(environment, keys) : null,
                lease,
                stream,
                pairing,
                environment.clock());
    }

    /**
     * Checks the account's devices once the session is first online (a device may have been revoked while
     * no backend ran) and whenever the relay says one was paired or revoked; a revoked device makes the
     * content key rotate.
     */
    private static void watchForRevocations(HostStream stream, RevocationCheck check) {
        AtomicBoolean checkedOnce = new AtomicBoolean();
        stream.addListener((state, why, reason) -> {
            if (state == ConnectionState.ONLINE && checkedOnce.compareAndSet(false, true)) {
                check.request();
            }
        });
        stream.onDevicesChanged(check::request);
    }

    /**
     * After each rotation, seals the environment's name, hostname and directory again under the new content
     * key, so a device paired from then on (holding only that key) reads them. On a thread of its own: the
     * relay may be slow, and the rotation's other listeners must not wait.
     *
     * @return stops it
     */
    public static Keyring.Listening resealOnRotation(EnvironmentLease environment, Keyring keys) {
        return keys.onNewContentKey((previous, next) -> Thread.ofVirtual()
                .name("environment-reseal")
                .start(() -> {
                    try {
                        environment.reseal((field, value) -> next.resealEnvironmentField(previous, field, value));
                    } catch (IOException | RuntimeException e) {
                        log.warn(
                                "Could not seal the environment's name again under the new content key: {}",
                                e.getMessage());
                    }
                }));
    }

    private static DeviceDirectory directoryOf(EnvironmentLease environment) {
        return new DeviceDirectory() {
            @Override
            public List<EnvironmentDevice> devices() throws IOException {
                return environment.devices(DEVICES_TIMEOUT);
            }

            @Override
            public void deliver(List<ContentKeyDelivery> deliveries) throws IOException {
                environment.deliverContentKeys(deliveries);
            }
        };
    }

    public void addListener(ConnectionListener listener) {
        stream.addListener(listener);
    }

    /** Hears each change of {@link #attachedDevices()}. */
    public void addDevicesListener(DevicesListener listener) {
        stream.addDevicesListener(listener);
    }

    /**
     * How many distinct devices follow the session now, as the relay says on the host stream; empty while
     * not connected, and with a relay too old to say.
     */
    public OptionalInt attachedDevices() {
        return stream.devices();
    }

    /** Where to learn why the relay is unreachable, for the state to say; call before {@link #connect()}. */
    public void explainOutagesWith(OutageCause cause) {
        stream.explainOutagesWith(cause);
    }

    /** Starts hosting; reconnects on its own until {@link #close()} or a refusal retrying cannot fix. */
    public void connect() {
        stream.start();
        renewer.scheduleWithFixedDelay(this::renewTokens, 1, 1, TimeUnit.MINUTES);
        renewer.scheduleWithFixedDelay(this::watchForSleep, 1, 1, TimeUnit.SECONDS);
        renewer.scheduleWithFixedDelay(this::renewExpiringPairing, 10, 10, TimeUnit.SECONDS);
        stream.onDevicesChanged(this::renewPairingSoon);
    }

    public String environmentId() {
        return lease.environmentId();
    }

    public String sessionId() {
        return lease.sessionId();
    }

    public URI relayUrl() {
        return relay.url();
    }

    /**
     * The session URL with the pairing code and the content key in its fragment: what the QR code carries.
     * A browser never sends a fragment to a server, so the relay never sees the key; neither must a log.
     */
    public String pairingUrl() {
        String url = pairing.url();
        // The current key: after a rotation a device paired from here must get the new one.
        return url + (url.contains("#") ? "&" : "#") + "key="
                + keys.contentKey().base64url();
    }

    public String pairingCode() {
        return pairing.pairingCode();
    }

    /** Mints a new pairing code (the last one may be used up) for {@link #pairingUrl()}. */
    public void newPairing() throws IOException {
        pairing = lease.createPairing();
        pairingListeners.forEach(Runnable::run);
    }

    /**
     * This session's code is the one on show: once connected, it is replaced whenever the relay says a
     * device was paired (perhaps with it: a code works once) and before it expires, so a screen that keeps
     * showing the URL keeps showing one that works. Every session of an environment hears of each pairing,
     * so only the one whose code is shown renews: one new code per pairing, not one per session.
     */
    public void keepPairingFresh() {
        pairingKeptFresh = true;
    }

    /**
     * Hears each new {@link #pairingUrl()}: a new code (see {@link #keepPairingFresh()}) or a new content key.
     * Earlier codes stay valid until they are used or expire.
     */
    public void addPairingListener(Runnable listener) {
        pairingListeners.add(listener);
    }

    /** The devices paired with the relay account, so an event's {@code origin} can be shown by name. */
    public List<EnvironmentDevice> devices(Duration timeout) throws IOException {
        return lease.devices(timeout);
    }

    /** The session URL without a pairing code. */
    public String sessionUrl() {
        return lease.sessionUrl();
    }

    public ConnectionState state() {
        return stream.state();
    }

    /** Still hosting or trying to: neither closed nor stopped by itself (offline limit, a refusal). */
    public boolean isRunning() {
        return stream.isRunning();
    }

    public String detail() {
        return stream.detail();
    }

    /** The relay's refusal that stopped Remote Control for good, if that is why it stopped. */
    public Optional<ErrorCode> refusal() {
        return stream.refusal();
    }

    @Override
    public void close() {
        rotationShown.close();
        if (resealing != null) {
            resealing.close();
        }
        renewer.shutdownNow();
        stream.close();
        if (ownedTimers != null) {
            ownedTimers.shutdownNow();
        }
        if (ownedRelay != null) {
            ownedRelay.close();
        }
    }

    /** After a sleep: tokens first (they may have expired meanwhile), then a fresh connection. */
    private void watchForSleep() {
        sleep.check().ifPresent(slept -> {
            log.info("The machine slept for {}; renewing tokens and reconnecting", slept);
            renewTokens();
            stream.wokeUp(slept);
        });
    }

    private void renewExpiringPairing() {
        if (pairingKeptFresh && !wall.instant().isBefore(pairing.expiresAt().minus(PAIRING_MARGIN))) {
            renewPairing();
        }
    }

    /** Off the stream's thread, which must not wait for the relay. */
    private void renewPairingSoon() {
        if (!pairingKeptFresh) {
            return;
        }
        try {
            renewer.execute(this::renewPairing);
        } catch (RejectedExecutionException closed) {
            // Closing: nobody shows this session's code any more.
        }
    }

    private void renewPairing() {
        try {
            newPairing();
        } catch (IOException e) {
            // The code on show still works unless it was used or expired; the next change or tick tries again.
            log.debug("Could not mint a new pairing code for {}: {}", lease.sessionId(), e.getMessage());
        }
    }

    private void renewTokens() {
        try {
            lease.renewDue();
        } catch (IOException e) {
            // The next attempt (or a reconnect, which renews too) will try again.
            log.warn("Could not renew the relay tokens for {}: {}", lease.sessionId(), e.getMessage());
        }
    }
}
