package dev.baton.relay.hub;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.Ack;
import dev.baton.protocol.frame.Frames.DeltaFrame;
import dev.baton.protocol.frame.Frames.DevicesChanged;
import dev.baton.protocol.frame.Frames.ErrorFrame;
import dev.baton.protocol.frame.Frames.Hello;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.frame.Frames.InputQueued;
import dev.baton.protocol.frame.Frames.Sync;
import dev.baton.protocol.frame.Frames.Welcome;
import dev.baton.relay.hub.SessionBus.Batch;
import dev.baton.relay.hub.persistence.SessionLog;
import dev.baton.relay.hub.persistence.SessionLog.Appended;
import dev.baton.relay.hub.persistence.SessionLog.Kept;
import dev.baton.relay.hub.presence.Attention;
import dev.baton.relay.hub.presence.Audiences;
import dev.baton.relay.hub.presence.HostPresence;
import dev.baton.relay.hub.routing.Route;
import dev.baton.relay.hub.routing.Routes;
import dev.baton.relay.hub.sync.DeviceDelivery;
import dev.baton.relay.hub.sync.SyncPlanner;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.StaleEpochException;
import dev.baton.relay.work.AttachRequests;
import dev.baton.relay.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames of host and device streams, handed to the parts that own them: {@code routing} (who hosts
 * and who follows a session), {@code persistence} (the stored tail and kept inputs), {@code presence}
 * (online, who follows on every node, liveness), {@code sync} (the answer to a subscribe, and events
 * reaching each device with no gap and no duplicate) and {@code work} (attach requests). Each frame is
 * handled under its session's route lock, so the store, the fan-out and a device's catch-up see one
 * order: a device subscribes between two batches of events, never in the middle of one.
 */
public final class Hub {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private final Routes routes = new Routes();
    private final SessionLog log;
    private final SyncPlanner syncs;
    private final DeviceDelivery delivery;
    private final HostPresence presence;
    private final Audiences audiences;
    private final Attention attention;
    private final AttachRequests attach;
    private final SessionBus bus;
    /** Hands what other nodes publish to this node's routes. */
    private final SessionBus.Follower followers = new SessionBus.Follower() {
        @Override
        public void batch(Batch batch) {
            routes.updateIfPresent(batch.sessionId(), route -> delivery.fromOtherNode(route.devices(), batch));
        }

        @Override
        public void presence(String sessionId, boolean online) {
            routes.updateIfPresent(sessionId, route -> {
                if (route.host() == null) {
                    setPresence(route, sessionId, online);
                }
            });
        }

        @Override
        public void notHosted(String sessionId, ErrorFrame why) {
            if (!isOnline(sessionId)) { // a host may have come online on a third node meanwhile
                routes.updateIfPresent(sessionId, route -> tellWaiting(route, why));
            }
        }
    };
    /** Hands what other nodes send a session's host to the host on this node. */
    private final SessionBus.Holder holder = new SessionBus.Holder() {
        @Override
        public void input(String sessionId, InputFrame input) {
            routes.updateIfPresent(sessionId, route -> route.toHost(input));
        }

        @Override
        public void audienceChanged(String sessionId) {
            routes.updateIfPresent(sessionId, audiences::tellHost);
        }

        @Override
        public void devicesChanged(String sessionId) {
            tellHostDevicesChanged(sessionId);
        }

        @Override
        public void helloElsewhere(String sessionId, String epoch, long hello) {
            routes.updateIfPresent(sessionId, route -> {
                Peer host = route.host();
                if (host == null) {
                    return;
                }
                if (epoch.equals(route.hostEpoch()) && hello > route.hostHello()) {
                    // The same backend, reconnected through another node: its stream here lingers until
                    // its socket is found dead, and inputs of devices here would go into it meanwhile.
                    LOG.info(
                            "closing a host stream of session {} as replaced: it said hello again on another node",
                            sessionId);
                    endTakenOver(route, host);
                } else {
                    endIfEpochLeft(route, host);
                }
            });
        }
    };

    private final Duration pingInterval;
    private final Duration livenessTimeout;

    /**
     * @param pingInterval how often the relay pings, told to each host in {@code welcome}
     * @param livenessTimeout how long a silent stream lives, told to each host so both ends agree
     */
    public Hub(RelayStore store, WorkQueue work, Clock clock, Duration pingInterval, Duration livenessTimeout) {
        this(store, work, SessionBus.LOCAL, clock, pingInterval, livenessTimeout, Attention.NONE);
    }

    /**
     * @param bus carries committed batches to and from other relay nodes on the same store
     * @param attention told of prompts and finished turns that no device is looking at
     */
    public Hub(
            RelayStore store,
            WorkQueue work,
            SessionBus bus,
            Clock clock,
            Duration pingInterval,
            Duration livenessTimeout,
            Attention attention) {
        this.log = new SessionLog(store);
        this.syncs = new SyncPlanner(store);
        this.delivery = new DeviceDelivery(store, syncs);
        this.presence = new HostPresence(clock);
        this.attention = attention;
        this.attach = new AttachRequests(store, work, this::isOnline);
        this.bus = bus;
        this.audiences = new Audiences(bus);
        this.pingInterval = pingInterval;
        this.livenessTimeout = livenessTimeout;
    }

    public void opened(Peer peer) {
        routes.opened(peer);
    }

    /** The stream is gone (closed, failed or silent): forget it, and say so if it was the host. */
    public void closed(Peer peer) {
        if (!routes.forget(peer)) {
            return;
        }
        delivery.forget(peer);
        routes.updateIfPresent(peer.sessionId(), route -> {
            if (route.remove(peer)) {
                audiences.forgetHost(peer);
                setPresence(route, peer.sessionId(), false);
                bus.unhost(peer.sessionId());
            } else {
                audiences.share(peer.sessionId(), route);
            }
            if (route.devices().isEmpty()) {
                bus.unfollow(peer.sessionId());
            }
            audiences.tellHost(route);
        });
    }

    /** A hello of another protocol version never gets here: decoding it refuses it (unsupported_protocol). */
    public void hello(Peer host, Hello hello) {
        if (hello.epoch() == null || hello.epoch().isBlank()) {
            host.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "hello needs an epoch"));
            return;
        }
        routes.update(host.sessionId(), route -> {
            SessionRecord session;
            try {
                session = log.hello(host.sessionId(), hello.epoch(), hello.snapshot(), hello.key());
            } catch (StaleEpochException stale) {
                // A hello on another node started a new epoch since this one read the session: that host is
                // the newer one, and this one never hosted here.
                LOG.info("closing a host stream as replaced at its hello: {}", stale.getMessage());
                endReplaced(host);
                return;
            }
            Peer previous = route.replaceHost(host, hello.epoch(), hello.wantsAcks());
            audiences.forgetHost(previous);
            audiences.forgetHost(host); // a new host has been told nothing yet
            if (previous != null && previous != host) {
                endReplaced(previous);
            }
            setPresence(route, host.sessionId(), true);
            delivery.hostArrived(route.devices(), session);
            route.hostHello(bus.host(host.sessionId(), hello.epoch(), holder));
            // Welcomed once every node counts it online: a backend that acts on its welcome (server mode
            // adopts, and counts on the relay counting this session against the capacity) finds it so.
            host.send(new Welcome(session.storedSeq(), pingInterval.toMillis(), livenessTimeout.toMillis()));
            // A hello on another node that started a new epoch after this one's, and was told before this
            // node listened (bus.host), is heard only here; one told later reaches helloElsewhere.
            if (endIfEpochLeft(route, host)) {
                return;
            }
            audiences.tellHost(route); // after bus.host, which learns of devices on other nodes
            log.keptInputs(session.id()).forEach(host::send);
        });
    }

    public void events(Peer host, List<EncodedEvent> events) {
        routes.update(host.sessionId(), route -> {
            if (!isHost(route, host)) {
                return;
            }
            // Devices hear of the events before they are written, so a write that waits for the store's
            // commit never delays them; nothing on this node reads this session's tail before the write,
            // since that too takes the route's lock. A write that fails closes the host's stream, and the
            // host resends from what the relay kept. A host that wants acks hears only once they are on
            // disk. A relay that crashes in between welcomes the host back with what it kept, and the host
            // resends the rest (the same events, with the same seqs); a device that resumed ahead of the
            // tail meanwhile is not sent them twice. Other nodes read the tail when they miss a batch, so
            // they hear after the write.
            // A write refused because a host on another node started a new epoch after the record was read
            // leaves devices here holding that frame's events: events of the old epoch, the old host's real
            // history, which the new epoch replaces for them as it replaces those they held already.
            Appended appended;
            try {
                appended = log.continuing(host.sessionId(), route.hostEpoch(), events);
                if (!appended.fresh().isEmpty()) {
                    delivery.fresh(route.devices(), appended.session().epoch(), appended.fresh());
                    log.write(appended);
                    committed(route, appended);
                }
            } catch (StaleEpochException stale) {
                // Another node's host took the session with a new epoch, and this node had not heard of it
                // yet (its notice was lost, or is on its way).
                LOG.info("closing a host stream as replaced: {}", stale.getMessage());
                endTakenOver(route, host);
                return;
            }
            if (appended.hole() != null) {
                host.send(new ErrorFrame(ErrorCode.BAD_REQUEST, appended.hole()));
            }
            // A host that wants no acks resends from its own log after a crash: nobody waits for this write,
            // and the store commits it in its own time (the embedded one within a second), in fewer commits.
            if (route.hostWantsAcks()) {
                Ack stored = new Ack(appended.session().storedSeq());
                log.whenDurable(() -> host.send(stored));
            }
        });
    }

    /** Tells the other nodes of a batch this node stored, and whoever must hear of what nobody looked at. */
    private void committed(Route route, Appended appended) {
        String sessionId = appended.session().id();
        List<SealedEvent> fresh = EncodedEvent.events(appended.fresh());
        bus.publish(new Batch(sessionId, appended.session().epoch(), fresh));
        if (!audiences.anyoneLooking(sessionId, route)) {
            attention.unseen(appended.session(), fresh);
        }
    }

    /** Stored for the next {@code sync}; devices see live state through events. */
    public void snapshot(Peer host, SealedSnapshot snapshot) {
        routes.update(host.sessionId(), route -> {
            if (isHost(route, host)) {
                try {
                    log.snapshot(host.sessionId(), route.hostEpoch(), snapshot);
                } catch (StaleEpochException stale) {
                    LOG.info("closing a host stream as replaced at its snapshot: {}", stale.getMessage());
                    endTakenOver(route, host);
                }
            }
        });
    }

    /**
     * The session's data key wrapped under the backend's new content key: kept as the session's key, so
     * devices that sync or list sessions from now on get it. Devices already following hold the previous
     * content key too, so they are told nothing.
     */
    public void key(Peer host, SessionKey key) {
        if (key == null || key.kid() == null || key.wrapped() == null) {
            host.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "key needs a key with kid and wrapped"));
            return;
        }
        routes.update(host.sessionId(), route -> {
            if (isHost(route, host)) {
                try {
                    log.key(host.sessionId(), route.hostEpoch(), key);
                } catch (StaleEpochException stale) {
                    LOG.info("closing a host stream as replaced at its key: {}", stale.getMessage());
                    endTakenOver(route, host);
                }
            }
        });
    }

    /** Ephemeral text: forwarded, never stored. */
    public void delta(Peer host, DeltaFrame delta) {
        routes.update(host.sessionId(), route -> {
            if (isHost(route, host)) {
                route.toDevices(delta);
            }
        });
    }

    /** A device's page came to the front or left it; only pages in front count as someone looking. */
    public void visibility(Peer device, boolean visible) {
        routes.update(device.sessionId(), route -> {
            route.look(device, visible && routes.isOpen(device));
            audiences.share(device.sessionId(), route);
        });
    }

    /** Answers with {@code sync}, then keeps the device subscribed to live frames. */
    public void subscribe(Peer device, Cursor cursor) {
        routes.update(device.sessionId(), route -> {
            // Listening before the tail is read: a batch another node commits meanwhile is not missed.
            bus.follow(device.sessionId(), followers);
            SessionRecord session = log.session(device.sessionId());
            boolean online = isOnline(session.id());
            if (route.host() == null) {
                setPresence(route, session.id(), online); // the host may be on another node
            }
            Sync sync = syncs.plan(session, cursor, online);
            device.send(sync);
            // A stream that closed (or was revoked) while this frame was on its way stays out of the fan-out.
            if (routes.isOpen(device)) {
                delivery.synced(device, sync, cursor, session);
                route.subscribe(device);
                audiences.share(device.sessionId(), route);
                audiences.tellHost(route);
            } else if (route.devices().isEmpty()) {
                bus.unfollow(device.sessionId());
            }
            if (!online) { // a host on another node needs no attach
                attach.request(session)
                        .ifPresent(refusal -> device.send(new ErrorFrame(refusal.code(), refusal.getMessage())));
            }
        });
    }

    /**
     * A server-mode environment adopted the session. Devices that subscribed while nobody could host it
     * asked for nothing that will come; the environment is asked now if any device follows it, on this
     * node or another, as their subscribe would have, and all of them hear it if it is full.
     */
    public void adopted(String sessionId) {
        routes.update(sessionId, route -> {
            if (isOnline(sessionId) || (route.devices().isEmpty() && !bus.followedOnOtherNodes(sessionId))) {
                return;
            }
            attach.request(log.session(sessionId))
                    .ifPresent(refusal ->
                            notHosted(route, sessionId, new ErrorFrame(refusal.code(), refusal.getMessage())));
        });
    }

    /**
     * The environment asked to host the session did not: its devices, on every node, are told why rather
     * than left waiting for a host. Nothing is said once a host is online (another process took it up).
     */
    public void declined(String sessionId, String explanation) {
        if (!isOnline(sessionId)) {
            routes.update(
                    sessionId,
                    route -> notHosted(route, sessionId, new ErrorFrame(ErrorCode.HOST_DECLINED, explanation)));
        }
    }

    /** Tells the devices of the session, here and on the other nodes, why nobody will host it now. */
    private void notHosted(Route route, String sessionId, ErrorFrame why) {
        tellWaiting(route, why);
        bus.notHosted(sessionId, why);
    }

    private static void tellWaiting(Route route, ErrorFrame why) {
        if (route.host() == null) {
            route.devices().forEach(device -> device.send(why));
        }
    }

    public void input(Peer device, InputFrame input) {
        if (input.inputId() == null || input.inputId().isBlank()) {
            device.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "an input needs an inputId"));
            return;
        }
        if (input.sealed() == null || input.sealed().isBlank()) {
            device.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "an input needs its sealed input", input.inputId()));
            return;
        }
        // The device id comes from the device's token, whatever the frame claims.
        InputFrame forwarded = new InputFrame(input.inputId(), device.deviceId(), input.sealed());
        routes.update(device.sessionId(), route -> {
            if (log.keep(device.sessionId(), forwarded) == Kept.FULL) {
                device.send(new ErrorFrame(
                        ErrorCode.CAPACITY_REACHED,
                        "this session already holds " + SessionLog.MAX_KEPT_INPUTS + " undelivered inputs",
                        input.inputId()));
                return;
            }
            if (!route.toHost(forwarded) && !bus.offerInput(device.sessionId(), forwarded)) {
                device.send(new InputQueued(input.inputId()));
            }
        });
    }

    public boolean isOnline(String sessionId) {
        return bus.hostOnline(sessionId).orElseGet(() -> presence.isOnline(sessionId));
    }

    /** When the session's presence last changed, if it has since this relay started. */
    public Optional<Instant> presenceSince(String sessionId) {
        return presence.since(sessionId);
    }

    /** Closes every stream of a revoked device at once. */
    public void revokeDevice(String deviceId) {
        for (Peer peer : routes.peers()) {
            if (deviceId.equals(peer.deviceId())) {
                closed(peer);
                peer.close(1008, "device revoked");
            }
        }
    }

    /**
     * A device of the account these sessions belong to was paired or revoked: each of their hosts, on this
     * node or through the bus on another, is told, so its backend checks the account's devices (and rotates its content key when
     * one it knew is gone).
     */
    public void devicesChanged(Collection<String> sessionIds) {
        for (String sessionId : sessionIds) {
            if (!tellHostDevicesChanged(sessionId)) {
                bus.devicesChanged(sessionId); // its host may be on another node
            }
        }
    }

    /** Whether the session's host is on this node, and so was told. */
    private boolean tellHostDevicesChanged(String sessionId) {
        AtomicBoolean told = new AtomicBoolean();
        routes.updateIfPresent(sessionId, route -> {
            if (route.host() != null) {
                route.host().send(new DevicesChanged());
                told.set(true);
            }
        });
        return told.get();
    }

    /** A copy of every open stream, for liveness checks and shutdown. */
    public List<Peer> peers() {
        return routes.peers();
    }

    /** How many sessions have a live stream; sessions nobody is connected to take no memory here. */
    int routedSessions() {
        return routes.size();
    }

    private void setPresence(Route route, String sessionId, boolean online) {
        presence.set(sessionId, online).ifPresent(route::toDevices);
    }

    /**
     * Ends {@code host}, this node's host of the route's session, if the session has left the epoch it
     * said hello with: a host on another node said hello since with a new one.
     *
     * @return whether it was ended
     */
    private boolean endIfEpochLeft(Route route, Peer host) {
        String current = log.session(host.sessionId()).epoch();
        if (route.hostEpoch().equals(current)) {
            return false;
        }
        LOG.info(
                "closing a host stream of session {} as replaced: epoch {} gave way to {} on another node",
                host.sessionId(),
                route.hostEpoch(),
                current);
        endTakenOver(route, host);
        return true;
    }

    /**
     * Ends this node's host of a session a host on another node has taken over, as one node ends a host
     * another hello replaced, and without the offline presence {@link #closed} announces for a host that
     * left: the session is online on that node, which keeps its presence key. Devices here hear what the
     * key says, which changes nothing unless that host left meanwhile too.
     */
    private void endTakenOver(Route route, Peer host) {
        route.remove(host);
        audiences.forgetHost(host);
        bus.handOver(host.sessionId());
        setPresence(route, host.sessionId(), isOnline(host.sessionId()));
        endReplaced(host);
    }

    private static void endReplaced(Peer host) {
        host.send(new ErrorFrame(ErrorCode.HOST_REPLACED, "another connection now hosts this session"));
        host.close(1000, "replaced by a newer host connection");
    }

    private static boolean isHost(Route route, Peer peer) {
        if (route.host() == peer) {
            return true;
        }
        peer.send(new ErrorFrame(ErrorCode.BAD_REQUEST, "send hello first"));
        return false;
    }
}
