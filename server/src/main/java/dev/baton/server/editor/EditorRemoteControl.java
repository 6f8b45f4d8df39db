package dev.baton.server.editor;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.editor.EditorApi.Device;
import dev.baton.protocol.editor.EditorApi.RemoteControlStarted;
import dev.baton.server.config.BatonHome;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrSvg;
import dev.baton.server.qr.QrText;
import dev.baton.server.remote.OneSessionHosting;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.session.RemoteControlPort;
import dev.baton.server.session.Session;
import io.nayuki.qrcodegen.QrCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remote Control as the editor drives it: one hosted session at a time (the status bar shows one
 * connection), over a relay chosen like {@code baton remote-control} does. The embedded relay is started
 * (or joined, when another baton on this machine runs it) on first use and kept until shutdown, so URLs
 * stay valid across stop and start. It is also the
 * sessions' {@link RemoteControlPort}, so {@code /remote-control} typed in the editor starts the same thing.
 */
final class EditorRemoteControl implements RemoteControlPort, AutoCloseable {
    private final OneSessionHosting hosting;
    private final EditorNotifier notifier;
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
        this.hosting = new OneSessionHosting(env, home, relayFlag, port, insecure);
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
        Optional<RemoteControl> running = hosting.running(session.id());
        if (running.isPresent()) {
            running.get().newPairing();
            return started(running.get());
        }
        return started(hosting.host(
                session,
                name,
                offlineTimeout,
                remote -> remote.addListener((state, detail, reason) ->
                        notifier.connectionStatus(state, remote.sessionUrl(), detail, reason))));
    }

    @Override
    public synchronized RemoteControlPort.Connection start(Session session) throws IOException {
        start(session, null);
        return connection(session.id()).orElseThrow();
    }

    @Override
    public Optional<RemoteControlPort.Connection> connection(String sessionId) {
        return hosting.connection(sessionId);
    }

    /** Stops hosting {@code sessionId}, or whatever is hosted when null; the status goes to {@code off}. */
    void stop(String sessionId) {
        hosting.stop(sessionId);
    }

    boolean online(String sessionId) {
        return hosting.connection(sessionId)
                .map(connection -> connection.state() == ConnectionState.ONLINE)
                .orElse(false);
    }

    /** The devices of the hosting relay's account, by id and name; none while nothing is hosted. */
    List<Device> devices(Duration timeout) {
        return hosting.devices(timeout).stream()
                .map(device -> new Device(device.id(), device.name()))
                .toList();
    }

    @Override
    public void close() {
        hosting.close();
    }

    private static RemoteControlStarted started(RemoteControl remote) {
        QrCode qr = QrCodes.encode(remote.pairingUrl());
        return new RemoteControlStarted(remote.sessionId(), remote.pairingUrl(), QrText.render(qr), QrSvg.render(qr));
    }
}
