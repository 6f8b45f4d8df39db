package dev.baton.server.editor;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.editor.EditorApi.Device;
import dev.baton.protocol.editor.EditorApi.RemoteControlStarted;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrSvg;
import dev.baton.server.qr.QrText;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.remote.EmbeddedListen;
import dev.baton.server.remote.RelayAccess;
import dev.baton.server.remote.RelayChoice;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.session.RemoteControlPort;
import dev.baton.server.session.Session;
import io.nayuki.qrcodegen.QrCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote Control as the editor drives it: one hosted session at a time (the status bar shows one
 * connection), over a relay chosen like {@code baton remote-control} does. The embedded relay is started
 * (or joined, when another baton on this machine runs it) on first use and kept until shutdown, so URLs
 * stay valid across stop and start. It is also the
 * sessions' {@link RemoteControlPort}, so {@code /remote-control} typed in the editor starts the same thing.
 */
final class EditorRemoteControl implements RemoteControlPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EditorRemoteControl.class);

    private final Map<String, String> env;
    private final BatonHome home;
    private final String relayFlag;
    private final int port;
    private final boolean insecure;
    private final EditorNotifier notifier;
    private RelayAccess relay;
    private RemoteControl active;
    private Duration offlineTimeout;

    /** @param offlineTimeout {@code --offline-timeout}, or null for config.json and the default */
    EditorRemoteControl(
            Map<String, String> env,
            BatonHome home,
            String relayFlag,
            int port,
            boolean insecure,
            Duration offlineTimeout,
            EditorNotifier notifier) {
        this.env = env;
        this.home = home;
        this.relayFlag = relayFlag;
        this.port = port;
        this.insecure = insecure;
        this.offlineTimeout = offlineTimeout;
        this.notifier = notifier;
    }

    /** The editor's own offline limit ({@code initializationOptions}), for Remote Control started from now on. */
    synchronized void offlineTimeout(Duration value) {
        offlineTimeout = value;
    }

    /**
     * Hosts {@code session} (replacing another hosted one); hosting it already just mints a new code,
     * unless its stream has stopped (the offline limit, a refusal), in which case it starts again.
     */
    synchronized RemoteControlStarted start(Session session, String name) throws IOException {
        if (active != null && active.sessionId().equals(session.id()) && active.isRunning()) {
            active.newPairing();
            return started(active);
        }
        stop(null);
        BatonConfig config = BatonConfig.load(home.configFile());
        if (relay == null) {
            relay = RelayAccess.open(
                    RelayChoice.resolve(
                            relayFlag,
                            env,
                            config,
                            RelayChoice.loggedInRelay(home),
                            EmbeddedListen.configured(port, config),
                            insecure),
                    env,
                    home);
        }
        HostStreamSettings settings = HostStreamSettings.defaults()
                .withOfflineTimeout(
                        offlineTimeout != null
                                ? offlineTimeout
                                : config.offlineTimeoutOr(HostStreamSettings.DEFAULT_OFFLINE_TIMEOUT));
        RemoteControl remote =
                RemoteControl.register(relay.url(), relay.account(), session, name, settings, relay.keys());
        remote.addListener(
                (state, detail, reason) -> notifier.connectionStatus(state, remote.sessionUrl(), detail, reason));
        remote.explainOutagesWith(relay.outageCause());
        remote.connect();
        active = remote;
        return started(remote);
    }

    @Override
    public synchronized RemoteControlPort.Connection start(Session session) throws IOException {
        start(session, null);
        return connection(session.id()).orElseThrow();
    }

    @Override
    public synchronized Optional<RemoteControlPort.Connection> connection(String sessionId) {
        if (active == null || !active.sessionId().equals(sessionId)) {
            return Optional.empty();
        }
        return Optional.of(new RemoteControlPort.Connection(
                active.state(), active.sessionUrl(), active.pairingUrl(), active.relayUrl()));
    }

    /** Stops hosting {@code sessionId}, or whatever is hosted when null; the status goes to {@code off}. */
    synchronized void stop(String sessionId) {
        if (active != null && (sessionId == null || sessionId.equals(active.sessionId()))) {
            active.close();
            active = null;
        }
    }

    synchronized boolean online(String sessionId) {
        return active != null && active.sessionId().equals(sessionId) && active.state() == ConnectionState.ONLINE;
    }

    /**
     * The devices of the hosting relay's account, by id and name; none while nothing is hosted or when the
     * relay does not answer within {@code timeout}. Asked outside this object's lock, so a slow relay holds
     * up no start or stop of Remote Control.
     */
    List<Device> devices(Duration timeout) {
        RemoteControl hosting;
        synchronized (this) {
            hosting = active;
        }
        if (hosting == null) {
            return List.of();
        }
        try {
            return hosting.devices(timeout).stream()
                    .map(device -> new Device(device.id(), device.name()))
                    .toList();
        } catch (IOException e) {
            log.info("No device names from the relay: {}", e.getMessage());
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        stop(null);
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }

    private static RemoteControlStarted started(RemoteControl remote) {
        QrCode qr = QrCodes.encode(remote.pairingUrl());
        return new RemoteControlStarted(remote.sessionId(), remote.pairingUrl(), QrText.render(qr), QrSvg.render(qr));
    }
}
