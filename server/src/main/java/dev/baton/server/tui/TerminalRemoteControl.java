package dev.baton.server.tui;

import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.server.config.BatonHome;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrText;
import dev.baton.server.qr.ScanUrl;
import dev.baton.server.relayclient.ConnectionListener;
import dev.baton.server.relayclient.DevicesListener;
import dev.baton.server.remote.OneSessionHosting;
import dev.baton.server.remote.RelayChoice;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.session.RemoteControlPort;
import dev.baton.server.session.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Remote Control for the one conversation of an interactive terminal session: off until {@code --rc} or
 * {@code /remote-control} asks for it, then hosted on the relay chosen as {@code baton remote-control} chooses
 * it. The relay is opened on first use only, so a session that never goes remote never starts one.
 */
final class TerminalRemoteControl implements RemoteControlPort, AutoCloseable {
    private final OneSessionHosting hosting;
    private final BatonHome home;
    private final Consumer<String> status;
    private String name;

    /** @param status where connection changes are told (a line above the prompt) */
    TerminalRemoteControl(
            Map<String, String> env,
            BatonHome home,
            String relayFlag,
            int port,
            boolean insecure,
            Consumer<String> status) {
        this.hosting = new OneSessionHosting(env, home, relayFlag, port, insecure);
        this.home = home;
        this.status = status;
    }

    /** The environment's name devices see, from {@code --rc NAME}; null for the host name. */
    synchronized void name(String value) {
        name = value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public synchronized Connection start(Session session) throws IOException {
        Optional<RemoteControl> running = hosting.running(session.id());
        if (running.isPresent()) {
            running.get().newPairing();
        } else {
            hosting.host(session, name, null, remote -> {
                remote.addListener(new StateLines(status));
                remote.addDevicesListener(new AttachedDevices(status));
            });
        }
        return showPairing(connection(session.id()).orElseThrow());
    }

    /**
     * The pairing code is shown here, on the terminal that asked for it, and nowhere else: the session's
     * log (which every device reads) only says that a pairing was offered.
     */
    private Connection showPairing(Connection connection) {
        status.accept("Remote Control is on. Open this URL on a phone or in a browser (its pairing code works"
                + " once, for 10 minutes):\n\n  " + connection.pairingUrl() + "\n");
        if (RelayChoice.isThisMachine(URI.create(connection.pairingUrl()))) {
            status.accept("Only this machine can open it. For a phone on this network, set \"relay\": {\"bind\":"
                    + " \"0.0.0.0\"} in " + home.configFile() + "; from anywhere, use a relay the phone can reach"
                    + " (--relay URL).\n");
        }
        status.accept(QrText.render(QrCodes.encode(ScanUrl.of(connection.pairingUrl())))
                .stripTrailing());
        return connection;
    }

    @Override
    public Optional<Connection> connection(String sessionId) {
        return hosting.connection(sessionId);
    }

    /** Whether the conversation is on Remote Control now. */
    boolean active() {
        return hosting.isRunning();
    }

    /**
     * Tells the connection's changes, but not its first connecting and online: the URL and QR code just shown
     * stand for them, and two more lines under the code would push its top off a 24-line terminal.
     */
    private static final class StateLines implements ConnectionListener {
        private final Consumer<String> status;
        private boolean settled; // guarded by this

        StateLines(Consumer<String> status) {
            this.status = status;
        }

        @Override
        public synchronized void onStateChanged(ConnectionState state, String detail, ConnectionReason reason) {
            if (!settled && (state == ConnectionState.CONNECTING || state == ConnectionState.ONLINE)) {
                settled = state == ConnectionState.ONLINE;
                return;
            }
            settled = true;
            status.accept("Remote Control: " + state.name().toLowerCase(Locale.ROOT)
                    + (detail == null ? "" : " (" + detail + ")"));
        }
    }

    /**
     * Says how many devices follow the conversation when that number changes; a reconnect alone says nothing,
     * and neither does the first count of none, which is no news.
     */
    private static final class AttachedDevices implements DevicesListener {
        private final Consumer<String> status;
        private int said = 0; // guarded by this

        AttachedDevices(Consumer<String> status) {
            this.status = status;
        }

        @Override
        public synchronized void onDevicesChanged(OptionalInt devices) {
            if (devices.isEmpty() || devices.getAsInt() == said) {
                return;
            }
            said = devices.getAsInt();
            status.accept("Remote Control: " + (said == 0 ? "no device" : said == 1 ? "1 device" : said + " devices")
                    + " attached");
        }
    }

    /** The devices paired with the hosting environment; none while Remote Control is off or the relay is silent. */
    List<EnvironmentDevice> devices(Duration timeout) {
        return hosting.devices(timeout);
    }

    @Override
    public void close() {
        hosting.close();
    }
}
