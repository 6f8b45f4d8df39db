package dev.baton.server.servermode;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.SessionNames;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.relay.DeclineReason;
import dev.baton.protocol.relay.RelayApi.WorkItem;
import dev.baton.protocol.relay.WorkKind;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.e2ee.RevocationCheck;
import dev.baton.server.relayclient.EnvironmentLease;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.OutageCause;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.servermode.Worktrees.Cleanup;
import dev.baton.server.servermode.Worktrees.Worktree;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionBusyException;
import dev.baton.server.session.SessionStore;
import dev.baton.server.terminal.ScreenState;
import dev.baton.server.terminal.ScreenState.SessionLine;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import dev.baton.server.terminal.StatusView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode: one environment on a relay and every session this process hosts under it. The first
 * session is hosted at once; then devices ask the relay for more ({@code spawn}), and the work long poll
 * brings each request here, where it becomes a new session in the environment's directory or in a
 * worktree of its own ({@link SpawnPlaces}; {@link WorkPoll} is the long poll). Everything it shows goes
 * to a {@link StatusView} (drawn by {@link ViewRedraws}); what a script reads goes to {@link Events}.
 */
public final class ServerHost implements StatusView.Actions {
    private static final Logger log = LoggerFactory.getLogger(ServerHost.class);

    /** What a script following the process is told ({@code --json}), apart from the view. */
    public interface Events {
        void connection(ConnectionState state, String detail, ConnectionReason reason);

        void spawned(String sessionId, Path directory, Worktree worktree);

        /** A session of an earlier run that a device opened is hosted again. */
        void resumed(String sessionId, Path directory, Worktree worktree);

        /** The relay lists these earlier sessions of the directory under this environment again. */
        void adopted(List<String> sessionIds);

        void sessionEnded(String sessionId, Cleanup cleanup);

        void capacity(int running, int capacity);
    }

    /** How the environment was asked for. */
    public record Settings(
            String name,
            Path directory,
            SpawnMode spawnMode,
            int capacity,
            ScreenState.Reach reach,
            boolean sandboxed,
            Path worktreesHome,
            HostStreamSettings stream) {}

    /**
     * Why the host stopped: {@code exit} 0 when asked to, else the first stream's reason for giving up, and
     * the relay's refusal when that was it (null otherwise).
     */
    public record Stopped(int exit, String detail, ConnectionReason reason, ErrorCode refusal) {}

    private record Hosted(
            Session session,
            RemoteControl remote,
            SessionActivity activity,
            Worktree worktree,
            Session.Subscription subscription) {}

    private final Settings settings;
    private final EnvironmentLease environment;
    private final Keyring keys;
    private final RevocationCheck revocations;
    private final SessionStore store;
    private final StatusView view;
    private final Events events;
    private final OutageCause outageCause;
    private final Clock clock;
    private final Consumer<RemoteControl> onHosted;
    private final Map<String, Hosted> hosted = new LinkedHashMap<>(); // guarded by this
    private final CompletableFuture<Stopped> stopped = new CompletableFuture<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final SpawnPlaces places;
    private final EarlierSessions earlierSessions;
    private final ViewRedraws redraws;
    private volatile Instant outageSince;
    private WorkPoll poller; // set under stopping's lock
    /** Completes when the first session's host stream is first online. */
    private final CompletableFuture<Void> firstOnline = new CompletableFuture<>();
    /** Ticks every hosted session's stream: one thread however many sessions come. */
    private final ScheduledExecutorService streamTimers = RemoteControl.streamTimers();

    private RemoteControl firstRemote;
    private Session firstSession;

    public ServerHost(
            Settings settings,
            EnvironmentLease environment,
            Keyring keys,
            SessionStore store,
            Function<StatusView.Actions, StatusView> openView,
            Events events,
            OutageCause outageCause,
            Consumer<RemoteControl> onHosted,
            Clock clock) {
        this.onHosted = onHosted;
        this.settings = settings;
        this.environment = environment;
        this.keys = keys;
        this.revocations = RemoteControl.revocationCheck(environment, keys);
        this.store = store;
        this.events = events;
        this.outageCause = outageCause;
        this.clock = clock;
        this.places = new SpawnPlaces(settings.directory(), settings.worktreesHome(), settings.spawnMode());
        this.earlierSessions = new EarlierSessions(store, places, environment);
        this.redraws = new ViewRedraws(this::draw);
        // Last: the view may take keys at once, and they call back into this host.
        this.view = openView.apply(this);
    }

    /** Where this host shows itself; closing it is the caller's, once the host has stopped. */
    public StatusView view() {
        return view;
    }

    /** Says something to the person watching that is not part of the state (see {@link StatusView#notice}). */
    public void notice(String text) {
        view.notice(text);
    }

    /** Removes what killed processes left: worktrees of sessions nobody hosts, where nothing is lost. */
    public List<Cleanup> pruneWorktrees() throws IOException {
        return places.prune(this::isHosted);
    }

    /**
     * Registers the first session (the one the URL on the screen leads to) with its pairing code; it is
     * hosted, and work is taken, from {@link #run()} on, so the caller can print the URL first.
     */
    public synchronized RemoteControl register(Session first) throws IOException {
        RemoteControl remote =
                RemoteControl.host(environment, first, settings.stream(), keys, revocations, streamTimers);
        remote.keepPairingFresh();
        firstRemote = remote;
        firstSession = first;
        return remote;
    }

    /**
     * Hosts the first session, and takes work once the relay has it online. Until then the relay would
     * count one running session too few against the capacity, and could ask this process for one more
     * than it hosts, which it would have to decline.
     */
    public void run() throws IOException {
        if (!host(firstSession, places.worktreeOf(firstSession.id()), firstRemote)) {
            return; // stopped before it began
        }
        if (places.mode() != SpawnMode.SESSION) {
            firstOnline.thenRunAsync(
                    this::takeWork,
                    work -> Thread.ofVirtual().name("baton-take-work").start(work));
        }
    }

    /**
     * Lists the directory's earlier sessions under this environment, so a device that opens one (or has
     * one open) asks this process to resume it, then polls for what devices ask.
     */
    private void takeWork() {
        adoptEarlierSessions();
        // A relay that forgot the environment forgot what it adopted too.
        environment.onRegisteredAgain(this::adoptEarlierSessions);
        synchronized (stopping) { // so that a stop either finds the poll to interrupt or prevents it
            if (stopping.getCount() > 0) {
                poller = WorkPoll.start(environment, stopping, this::take);
            }
        }
    }

    /** Lists the directory's earlier sessions under this environment, and says how many it listed. */
    private void adoptEarlierSessions() {
        if (stopping.getCount() == 0) {
            return;
        }
        try {
            List<String> adopted = earlierSessions.adopt(this::isHosted);
            events.adopted(adopted);
            if (!adopted.isEmpty()) {
                view.notice((adopted.size() == 1 ? "1 earlier session" : adopted.size() + " earlier sessions")
                        + " of this directory can be opened on your devices again; opening one resumes it here.");
            }
        } catch (IOException | RuntimeException e) {
            // Earlier sessions stay resumable by hand (baton rc --session-id); this run hosts as usual.
            log.warn("Could not list this directory's earlier sessions on your devices: {}", e.getMessage());
        }
    }

    /** Completes when the host stopped: {@link #stop()}, or a stream that gave up. */
    public CompletableFuture<Stopped> stopped() {
        return stopped;
    }

    public String environmentId() {
        return environment.environmentId();
    }

    public SpawnMode spawnMode() {
        return places.mode();
    }

    @Override
    public String toggleSpawnMode() {
        SpawnPlaces.Switch result = places.toggle();
        if (result.switched()) {
            publish();
        }
        return result.message();
    }

    @Override
    public void stop() {
        shutDown(new Stopped(0, null, null, null));
    }

    /**
     * The screen as it stands. The host streams' states are read without this host's lock: a stream
     * tells its listeners while holding its own, so holding both here could deadlock.
     */
    public ScreenState state() {
        List<Hosted> all;
        synchronized (this) {
            all = List.copyOf(hosted.values());
        }
        Hosted first = all.isEmpty() ? null : all.getFirst();
        ConnectionState connection =
                first == null ? ConnectionState.OFF : first.remote().state();
        if (connection == ConnectionState.OFF && first != null && stopping.getCount() > 0) {
            // Hosted but not yet connecting: the first state can be drawn a moment before connect() runs.
            connection = ConnectionState.CONNECTING;
        }
        Instant since = outageSince;
        return new ScreenState(
                RemoteControl.environmentName(settings.name()),
                settings.directory(),
                places.mode(),
                environment.relay().url().toString(),
                connection,
                since == null ? null : since.plus(settings.stream().offlineTimeout()),
                first == null ? "" : first.remote().pairingUrl(),
                settings.reach(),
                settings.sandboxed(),
                all.stream().map(ServerHost::line).toList(),
                settings.capacity());
    }

    private static SessionLine line(Hosted hosted) {
        return new SessionLine(
                SessionNames.displayName(
                        hosted.session().id(), hosted.activity().title()),
                hosted.remote().attachedDevices(),
                hosted.activity().activity(),
                hosted.activity().tool(),
                hosted.worktree() == null ? null : hosted.worktree().path());
    }

    private boolean isHosted(String sessionId) {
        synchronized (this) {
            return hosted.containsKey(sessionId);
        }
    }

    private boolean host(Session session, Worktree worktree) throws IOException {
        return host(
                session,
                worktree,
                RemoteControl.host(environment, session, settings.stream(), keys, revocations, streamTimers));
    }

    /**
     * Hosts the session unless the host is stopping. That is decided under the lock {@link #shutDown}
     * copies the hosted sessions under, so a session taken up as the host stops is either among those it
     * closes or closed here, never left open after the environment is gone.
     *
     * @return whether it is hosted; when not, the session and its stream are closed
     */
    private boolean host(Session session, Worktree worktree, RemoteControl remote) {
        SessionActivity activity = new SessionActivity(session.snapshot().title(), this::publish);
        int running = 0;
        boolean stopped;
        synchronized (this) {
            stopped = stopping.getCount() == 0;
            if (!stopped) {
                Session.Subscription subscription =
                        session.subscribe(session.cursor().seq(), activity);
                hosted.put(session.id(), new Hosted(session, remote, activity, worktree, subscription));
                running = hosted.size();
            }
        }
        if (stopped) { // closed outside the lock: a session's close waits for its work to stop
            remote.close();
            session.close();
            return false;
        }
        onHosted.accept(remote);
        remote.addListener((state, detail, reason) -> connectionChanged(remote, state, detail, reason));
        remote.addDevicesListener(devices -> publish());
        remote.addPairingListener(this::publish);
        remote.explainOutagesWith(outageCause);
        events.capacity(running, settings.capacity());
        remote.connect();
        publish();
        return true;
    }

    private void connectionChanged(
            RemoteControl remote, ConnectionState state, String detail, ConnectionReason reason) {
        boolean first;
        synchronized (this) {
            first = hosted.values().stream()
                    .findFirst()
                    .map(h -> h.remote() == remote)
                    .orElse(false);
        }
        if (first) {
            if (state == ConnectionState.ONLINE) {
                firstOnline.complete(null);
            }
            outageSince = switch (state) {
                case ONLINE, CONNECTING, OFF -> null;
                case RECONNECTING, OFFLINE -> outageSince == null ? clock.instant() : outageSince;
            };
            if (!(state == ConnectionState.OFF && reason == null)) {
                events.connection(state, detail, reason);
            }
            if (reason == ConnectionReason.PORT_TAKEN) {
                view.notice(detail);
            }
        }
        publish();
        if (state == ConnectionState.OFFLINE || (state == ConnectionState.OFF && reason != null)) {
            // The relay is the same for every session: when one stream gives up, they all have.
            ErrorCode refusal = remote.refusal().orElse(null);
            Thread.ofVirtual().start(() -> shutDown(new Stopped(1, detail, reason, refusal)));
        }
    }

    /**
     * A device asked for a session: make it (create) or host it again (attach), never twice. One this
     * process does not host is declined at the relay, so the devices waiting for it hear why.
     */
    private void take(WorkItem work) {
        if (isHosted(work.sessionId()) || stopping.getCount() == 0) {
            return;
        }
        Optional<DeclineReason> declined;
        try {
            declined = work.kind() == WorkKind.CREATE ? create(work.sessionId()) : resume(work.sessionId());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not host session {}: {}", work.sessionId(), e.getMessage());
            view.notice("Could not start the session a device asked for: " + e.getMessage());
            declined = Optional.of(DeclineReason.FAILED);
        }
        declined.ifPresent(reason -> decline(work, reason));
    }

    private Optional<DeclineReason> create(String sessionId) throws IOException {
        SpawnPlaces.Place place = places.create(sessionId);
        Session session = store.create(sessionId, null, place.directory());
        if (host(session, place.worktree())) {
            events.spawned(session.id(), place.directory(), place.worktree());
        }
        return Optional.empty();
    }

    /**
     * Hosts a session of this environment again, in the worktree it had (made again if it was removed for
     * holding no work), within the capacity: the relay checks it too, but two devices may ask at once.
     *
     * @return why it is not hosted, when that is not this host stopping
     */
    private Optional<DeclineReason> resume(String sessionId) throws IOException {
        String name = SessionNames.displayName(sessionId, null);
        int running;
        synchronized (this) {
            running = hosted.size();
        }
        if (running >= settings.capacity()) {
            view.notice("A device opened " + name + ", but " + running + " of " + settings.capacity()
                    + " sessions run already; restart with a higher --capacity to run more.");
            return Optional.of(DeclineReason.CAPACITY_REACHED);
        }
        Optional<Session> opened;
        try {
            opened = store.open(sessionId);
        } catch (SessionBusyException e) {
            view.notice("A device opened " + name + ", which another baton process here has open.");
            return Optional.of(DeclineReason.OPEN_ELSEWHERE);
        }
        if (opened.isEmpty()) {
            view.notice("A device opened " + name + ", which this computer no longer has.");
            return Optional.of(DeclineReason.MISSING);
        }
        Session session = opened.get();
        try {
            if (!places.belongsHere(session.directory())) {
                session.close();
                view.notice("A device opened " + name + ", which belongs to " + session.directory() + ", not here.");
                return Optional.of(DeclineReason.OTHER_DIRECTORY);
            }
            Worktree worktree = places.reopen(sessionId, session.directory());
            if (host(session, worktree)) {
                events.resumed(sessionId, session.directory(), worktree);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void decline(WorkItem work, DeclineReason reason) {
        try {
            environment.decline(work.sessionId(), work.kind(), reason);
        } catch (IOException | RuntimeException e) {
            // The devices keep waiting for the session, as they would with a relay that cannot be told.
            log.warn(
                    "Could not tell the relay that session {} is not hosted here: {}",
                    work.sessionId(),
                    e.getMessage());
        }
    }

    /**
     * Stops hosting every session, closes them, removes the worktrees that hold no work, and deregisters
     * the environment, so no device lists it online a moment longer. Runs once.
     */
    private void shutDown(Stopped outcome) {
        synchronized (stopping) {
            if (stopping.getCount() == 0) {
                return;
            }
            stopping.countDown();
        }
        List<Hosted> all;
        synchronized (this) {
            all = new ArrayList<>(hosted.values());
        }
        environment.relay().cancelCalls();
        for (Hosted each : all) {
            each.remote().close();
        }
        streamTimers.shutdownNow();
        try {
            environment.delete();
        } catch (IOException | RuntimeException e) {
            log.warn("Could not deregister environment from the relay: {}", e.getMessage());
        }
        for (Hosted each : all) {
            each.subscription().close();
            each.session().close();
            Cleanup cleanup = each.worktree() == null ? null : places.cleanUp(each.worktree());
            synchronized (this) {
                hosted.remove(each.session().id());
            }
            events.sessionEnded(each.session().id(), cleanup);
        }
        if (poller != null) {
            poller.interrupt();
        }
        environment.relay().close();
        publish();
        redraws.stop();
        stopped.complete(outcome);
    }

    /** Shows the new state soon, from the view's own thread (see {@link ViewRedraws}). */
    private void publish() {
        redraws.request();
    }

    private void draw() {
        view.show(state());
    }
}
