package dev.baton.relay.hub;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.frame.Frames.Ack;
import dev.baton.protocol.frame.Frames.DeltaFrame;
import dev.baton.protocol.frame.Frames.ErrorFrame;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Hello;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.frame.Frames.InputQueued;
import dev.baton.protocol.frame.Frames.Presence;
import dev.baton.protocol.frame.Frames.Sync;
import dev.baton.protocol.frame.Frames.Viewers;
import dev.baton.protocol.frame.Frames.Welcome;
import dev.baton.protocol.frame.SyncStatus;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import dev.baton.relay.auth.Secrets;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.work.PendingWork;
import dev.baton.relay.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes frames between each session's host and its devices, tracks presence, and tells each host how
 * many distinct devices are subscribed to its session ({@code viewers}). Every change to a
 * session happens under that session's lock, so the store, the fan-out and a device's catch-up see
 * one order: a device subscribes between two batches of events, never in the middle of one.
 */
public final class Hub {
    /** How many undelivered inputs a session may hold before the relay refuses more. */
    public static final int MAX_KEPT_INPUTS = 1000;

    private final RelayStore store;
    private final WorkQueue work;
    private final Clock clock;
    private final Duration pingInterval;
    private final Duration livenessTimeout;
    private final Attention attention;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();

    /** The live side of one session. */
    private static final class Channel {
        Peer host;
        boolean online;
        Instant since;
        final Set<Peer> devices = new LinkedHashSet<>();
        /** Device streams whose page last said it is in front of its user ({@code visibility}). */
        final Set<Peer> looking = new LinkedHashSet<>();
        /** The device count the host was last told, so it hears only changes. */
        int viewersTold = -1;
    }

    /**
     * @param pingInterval how often the relay pings, told to each host in {@code welcome}
     * @param livenessTimeout how long a silent stream lives, told to each host so both ends agree
     */
    public Hub(RelayStore store, WorkQueue work, Clock clock, Duration pingInterval, Duration livenessTimeout) {
        this(store, work, clock, pingInterval, livenessTimeout, Attention.NONE);
    }

    /** @param attention told of prompts and finished turns that no device is looking at */
    public Hub(
            RelayStore store,
            WorkQueue work,
            Clock clock,
            Duration pingInterval,
            Duration livenessTimeout,
            Attention attention) {
        this.attention = attention;
        this.store = store;
        this.work = work;
        this.clock = clock;
        this.pingInterval = pingInterval;
        this.livenessTimeout = livenessTimeout;
    }

    public void opened(Peer peer) {
        peers.add(peer);
    }

    /** The stream is gone (closed, failed or silent): forget it, and say so if it was the host. */
    public void closed(Peer peer) {
        if (!peers.remove(peer)) {
            return;
        }
        Channel channel = channels.get(peer.sessionId());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            channel.devices.remove(peer);
            channel.looking.remove(peer);
            if (channel.host == peer) {
                channel.host = null;
                setPresence(channel, false);
            }
            tellViewers(channel);
        }
    }

    public void hello(Peer host, Hello hello) {
        if (hello.protocol() != ProtocolVersion.CURRENT) {
            host.send(new ErrorFrame(
                    ErrorCode.UNSUPPORTED_PROTOCOL,
                    "this relay speaks protocol " + ProtocolVersion.CURRENT + ", not " + hello.protocol()));
            host.close(1002, "unsupported protocol");
            return;
        }
        if (hello.epoch() == null || hello.epoch().isBlank()) {
            host.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "hello needs an epoch"));
            return;
        }
        Channel channel = channel(host.sessionId());
        synchronized (channel) {
            SessionRecord session = session(host.sessionId());
            if (!hello.epoch().equals(session.epoch())) {
                // A log the relay has never seen: whatever it held belongs to another history.
                store.clearEvents(session.id());
                session = session.withEpoch(hello.epoch());
            }
            if (hello.snapshot() != null) {
                session = session.withSnapshot(hello.snapshot());
            }
            store.putSession(session);
            Peer previous = channel.host;
            channel.host = host;
            host.send(new Welcome(session.storedSeq(), pingInterval.toMillis(), livenessTimeout.toMillis()));
            channel.viewersTold = -1; // a new host has been told nothing yet
            tellViewers(channel);
            if (previous != null && previous != host) {
                previous.send(new ErrorFrame(ErrorCode.HOST_REPLACED, "another connection now hosts this session"));
                previous.close(1000, "replaced by a newer host connection");
            }
            setPresence(channel, true);
            store.keptInputs(session.id()).forEach(host::send);
        }
    }

    public void events(Peer host, List<Event> events) {
        Channel channel = channel(host.sessionId());
        synchronized (channel) {
            if (!isHost(channel, host)) {
                return;
            }
            SessionRecord session = session(host.sessionId());
            long stored = session.storedSeq();
            List<Event> fresh = new ArrayList<>();
            String hole = null;
            for (Event event : events) {
                if (event.seq() <= stored) {
                    continue; // already held: the host resends after a reconnect
                }
                if (event.seq() != stored + 1) {
                    hole = "expected seq " + (stored + 1) + ", got " + event.seq() + "; resend from " + (stored + 1);
                    break;
                }
                fresh.add(event);
                stored = event.seq();
            }
            if (!fresh.isEmpty()) {
                store.appendEvents(session.id(), fresh);
                List<String> answered = fresh.stream()
                        .map(Event::inputId)
                        .filter(Objects::nonNull)
                        .toList();
                if (!answered.isEmpty()) {
                    store.dropInputs(session.id(), answered);
                }
                store.putSession(session.withStoredSeq(stored, fresh.getLast().ts()));
                store.commit();
                EventsFrame frame = new EventsFrame(fresh);
                channel.devices.forEach(device -> device.send(frame));
                if (channel.looking.isEmpty()) {
                    callAttention(session.accountId(), session.id(), fresh);
                }
            }
            if (hole != null) {
                host.send(new ErrorFrame(ErrorCode.BAD_REQUEST, hole));
            }
            host.send(new Ack(stored));
        }
    }

    /** Stored for the next {@code sync}; devices see live state through events. */
    public void snapshot(Peer host, Snapshot snapshot) {
        Channel channel = channel(host.sessionId());
        synchronized (channel) {
            if (isHost(channel, host)) {
                store.putSession(session(host.sessionId()).withSnapshot(snapshot));
            }
        }
    }

    /** Ephemeral text: forwarded, never stored. */
    public void delta(Peer host, DeltaFrame delta) {
        Channel channel = channel(host.sessionId());
        synchronized (channel) {
            if (isHost(channel, host)) {
                channel.devices.forEach(device -> device.send(delta));
            }
        }
    }

    /** A device's page came to the front or left it; only pages in front count as someone looking. */
    public void visibility(Peer device, boolean visible) {
        Channel channel = channel(device.sessionId());
        synchronized (channel) {
            if (visible && peers.contains(device)) {
                channel.looking.add(device);
            } else {
                channel.looking.remove(device);
            }
        }
    }

    /** Answers with {@code sync}, then keeps the device subscribed to live frames. */
    public void subscribe(Peer device, Cursor cursor) {
        Channel channel = channel(device.sessionId());
        synchronized (channel) {
            SessionRecord session = session(device.sessionId());
            device.send(sync(session, cursor, channel.online));
            // A stream that closed (or was revoked) while this frame was on its way stays out of the fan-out.
            if (peers.contains(device)) {
                channel.devices.add(device);
                tellViewers(channel);
            }
            if (channel.host == null) {
                requestAttach(session);
            }
        }
    }

    public void input(Peer device, InputFrame input) {
        if (input.inputId() == null || input.inputId().isBlank()) {
            device.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "an input needs an inputId"));
            return;
        }
        if (input.input() == null) {
            device.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "an input needs an input", input.inputId()));
            return;
        }
        // The device id comes from the device's token, whatever the frame claims.
        InputFrame forwarded = new InputFrame(input.inputId(), device.deviceId(), input.input());
        Channel channel = channel(device.sessionId());
        synchronized (channel) {
            List<InputFrame> kept = store.keptInputs(device.sessionId());
            boolean retry = kept.stream().anyMatch(held -> held.inputId().equals(input.inputId()));
            if (!retry) {
                if (kept.size() >= MAX_KEPT_INPUTS) {
                    device.send(new ErrorFrame(
                            ErrorCode.CAPACITY_REACHED,
                            "this session already holds " + MAX_KEPT_INPUTS + " undelivered inputs",
                            input.inputId()));
                    return;
                }
                store.keepInput(device.sessionId(), forwarded);
            }
            if (channel.host != null) {
                channel.host.send(forwarded);
            } else {
                device.send(new InputQueued(input.inputId()));
            }
        }
    }

    public boolean isOnline(String sessionId) {
        Channel channel = channels.get(sessionId);
        if (channel == null) {
            return false;
        }
        synchronized (channel) {
            return channel.online;
        }
    }

    /** When the session's presence last changed, if it has since this relay started. */
    public Optional<Instant> presenceSince(String sessionId) {
        Channel channel = channels.get(sessionId);
        if (channel == null) {
            return Optional.empty();
        }
        synchronized (channel) {
            return Optional.ofNullable(channel.since);
        }
    }

    /** Closes every stream of a revoked device at once. */
    public void revokeDevice(String deviceId) {
        for (Peer peer : List.copyOf(peers)) {
            if (deviceId.equals(peer.deviceId())) {
                closed(peer);
                peer.close(1008, "device revoked");
            }
        }
    }

    /** A copy of every open stream, for liveness checks and shutdown. */
    public List<Peer> peers() {
        return List.copyOf(peers);
    }

    private Sync sync(SessionRecord session, Cursor cursor, boolean online) {
        Snapshot snapshot = (session.snapshot() != null
                        ? session.snapshot()
                        : new Snapshot(session.title(), false, List.of(), online))
                .withOnline(online);
        long first = store.firstStoredSeq(session.id());
        long oldestHeld = first == 0 ? session.storedSeq() + 1 : first;
        boolean continuous = cursor != null
                && session.epoch() != null
                && session.epoch().equals(cursor.epoch())
                && cursor.seq() <= session.storedSeq()
                && cursor.seq() + 1 >= oldestHeld;
        if (continuous) {
            List<Event> after = store.eventsAfter(session.id(), cursor.seq());
            return new Sync(SyncStatus.OK, session.epoch(), after, snapshot, online, false);
        }
        List<Event> tail = store.eventsAfter(session.id(), 0);
        return new Sync(SyncStatus.GAP, session.epoch(), tail, snapshot, online, oldestHeld > 1);
    }

    /** Prompts and finished turns in a batch nobody is looking at. */
    private void callAttention(String accountId, String sessionId, List<Event> fresh) {
        for (Event event : fresh) {
            if (event.body() instanceof EventBody.PermissionRequest request) {
                attention.permissionRequested(accountId, sessionId, request.requestId());
            } else if (event.body() instanceof EventBody.Status status && !status.processing()) {
                attention.turnFinished(accountId, sessionId);
            }
        }
    }

    /** A device is looking at a session nobody hosts: a server-mode environment may pick it up. */
    private void requestAttach(SessionRecord session) {
        if (session.environmentId() == null) {
            return;
        }
        store.environment(session.environmentId())
                .filter(environment -> environment.spawnMode() != SpawnMode.SINGLE_SESSION)
                .ifPresent(environment -> work.offer(
                        environment.id(), new PendingWork(Secrets.id("work_"), WorkKind.ATTACH, session.id())));
    }

    private void setPresence(Channel channel, boolean online) {
        if (channel.online == online) {
            return;
        }
        channel.online = online;
        channel.since = clock.instant();
        Presence presence = new Presence(online, channel.since);
        channel.devices.forEach(device -> device.send(presence));
    }

    /**
     * Tells the session's host how many distinct devices are subscribed, if that changed since it was last
     * told. A device with several subscribed streams (two tabs) counts once.
     */
    private static void tellViewers(Channel channel) {
        if (channel.host == null) {
            return;
        }
        int devices =
                (int) channel.devices.stream().map(Peer::deviceId).distinct().count();
        if (devices != channel.viewersTold) {
            channel.viewersTold = devices;
            channel.host.send(new Viewers(devices));
        }
    }

    private static boolean isHost(Channel channel, Peer peer) {
        if (channel.host == peer) {
            return true;
        }
        peer.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "send hello first"));
        return false;
    }

    private SessionRecord session(String id) {
        return store.session(id).orElseThrow(() -> new IllegalStateException("stream for unknown session " + id));
    }

    private Channel channel(String sessionId) {
        return channels.computeIfAbsent(sessionId, id -> new Channel());
    }
}
