package dev.baton.server.remote;

import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.session.RemoteControlPort.Connection;
import dev.baton.server.session.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote Control of one session at a time, as a surface with a single conversation (the editor, an
 * interactive terminal) has it: hosted on the relay chosen as {@code baton remote-control} chooses it. The
 * relay is opened on first use and kept until {@link #close()}, so a surface that never goes remote starts
 * none, and URLs stay valid across a stop and a start.
 */
public final class OneSessionHosting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OneSessionHosting.class);

    private final Map<String, String> env;
    private final BatonHome home;
    private final String relayFlag;
    private final int port;
    private final boolean insecure;
    private RelayAccess relay;
    private RemoteControl active;

    /** @param relayFlag {@code --relay}, or null; @param port {@code --port} of an embedded relay */
    public OneSessionHosting(Map<String, String> env, BatonHome home, String relayFlag, int port, boolean insecure) {
        this.env = env;
        this.home = home;
        this.relayFlag = relayFlag;
        this.port = port;
        this.insecure = insecure;
    }

    /** The Remote Control of {@code sessionId} while its stream runs (not stopped by the offline limit or a refusal). */
    public synchronized Optional<RemoteControl> running(String sessionId) {
        return active != null && active.sessionId().equals(sessionId) && active.isRunning()
                ? Optional.of(active)
                : Optional.empty();
    }

    /**
     * Hosts {@code session} in place of whatever was hosted, and connects.
     *
     * @param name the environment's name devices see, or null for the host name
     * @param offlineTimeout the surface's own offline limit, or null for config.json and the default
     * @param listen adds the surface's listeners before the stream connects, so no first state is missed
     */
    public synchronized RemoteControl host(
            Session session, String name, Duration offlineTimeout, Consumer<RemoteControl> listen) throws IOException {
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
        listen.accept(remote);
        remote.explainOutagesWith(relay.outageCause());
        remote.connect();
        active = remote;
        return remote;
    }

    public synchronized Optional<Connection> connection(String sessionId) {
        if (active == null || !active.sessionId().equals(sessionId)) {
            return Optional.empty();
        }
        return Optional.of(new Connection(active.state(), active.sessionUrl(), active.pairingUrl(), active.relayUrl()));
    }

    /** Whether a session is hosted and its stream runs. */
    public synchronized boolean isRunning() {
        return active != null && active.isRunning();
    }

    /**
     * The devices of the hosting relay's account; none while nothing is hosted or when the relay does not
     * answer within {@code timeout}. Asked outside this object's lock, so a slow relay holds up no start or
     * stop of Remote Control.
     */
    public List<EnvironmentDevice> devices(Duration timeout) {
        RemoteControl hosted;
        synchronized (this) {
            hosted = active;
        }
        if (hosted == null) {
            return List.of();
        }
        try {
            return hosted.devices(timeout);
        } catch (IOException e) {
            log.info("No device names from the relay: {}", e.getMessage());
            return List.of();
        }
    }

    /** Stops hosting {@code sessionId}, or whatever is hosted when null. */
    public synchronized void stop(String sessionId) {
        if (active != null && (sessionId == null || sessionId.equals(active.sessionId()))) {
            active.close();
            active = null;
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
}
