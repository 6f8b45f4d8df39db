package dev.baton.bench;

import dev.baton.fixtures.DeviceClient;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A real backend session (its log fsynced on local disk) hosted by the server's own Remote Control in
 * this JVM, and one paired device following it. The host may reach the relay through another address
 * (a fault proxy) than the device, which always talks to the relay directly.
 */
public final class HostedSession implements AutoCloseable {
    private static final Duration ONLINE_TIMEOUT = Duration.ofSeconds(30);

    private final Session session;
    private final RemoteControl remote;
    private final TimedDevice device;

    private HostedSession(Session session, RemoteControl remote, TimedDevice device) {
        this.session = session;
        this.remote = remote;
        this.device = device;
    }

    /**
     * @param hostRelay where the host dials (the relay, or a proxy in front of it)
     * @param deviceRelay the relay itself
     */
    public static HostedSession start(
            SessionStore store,
            Path directory,
            String name,
            URI hostRelay,
            URI deviceRelay,
            String accountToken,
            HostStreamSettings settings,
            Keyring keys)
            throws Exception {
        Files.createDirectories(directory);
        Session session = store.create(name, directory);
        RemoteControl remote = RemoteControl.register(hostRelay, fixed(accountToken), session, name, settings, keys);
        remote.connect();
        awaitState(remote, ConnectionState.ONLINE);
        // The pairing URL's fragment carries the content key the device opens the session with.
        DeviceClient device = DeviceClient.redeem(deviceRelay, URI.create(remote.pairingUrl()), name + " device");
        return new HostedSession(session, remote, TimedDevice.follow(device, session.id()));
    }

    public String id() {
        return session.id();
    }

    public RemoteControl remote() {
        return remote;
    }

    public TimedDevice device() {
        return device;
    }

    @Override
    public void close() throws Exception {
        device.close();
        remote.close();
        session.close();
    }

    private static void awaitState(RemoteControl remote, ConnectionState wanted) throws TimeoutException {
        long deadline = System.nanoTime() + ONLINE_TIMEOUT.toNanos();
        while (remote.state() != wanted) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("session " + remote.sessionId() + " is " + remote.state() + ", not " + wanted
                        + " after " + ONLINE_TIMEOUT + " (" + remote.detail() + ")");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** The benchmark's account token; a relay refusing it is a broken setup, reported as is. */
    private static AccountCredential fixed(String token) {
        return new AccountCredential() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public String replaceRefused(RelayException refusal) throws RelayException {
                throw refusal;
            }
        };
    }
}
