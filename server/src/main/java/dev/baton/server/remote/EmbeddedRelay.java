package dev.baton.server.remote;

import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.RelayException;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay inside this process (on 127.0.0.1 unless told otherwise), for Remote Control without any setup. Its local account is
 * provisioned on first use and its token saved (mode 600) for the next run; a token the relay no longer
 * knows is simply minted again, since this process owns the relay.
 */
public final class EmbeddedRelay implements AccountCredential, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRelay.class);
    static final String LOCAL_USER = "local";

    private final Relay relay;
    private final CredentialsFile credentials;
    private volatile String token;

    private EmbeddedRelay(Relay relay, CredentialsFile credentials) {
        this.relay = relay;
        this.credentials = credentials;
    }

    /** Starts the relay where {@code listen} says, with its store in {@code $BATON_HOME/relay}. */
    public static EmbeddedRelay start(BatonHome home, EmbeddedListen listen) throws IOException {
        RelayConfig config = listen.applyTo(RelayConfig.defaults().withDataDir(home.relayData()));
        Relay relay;
        try {
            relay = Relay.start(config);
        } catch (Exception e) {
            throw new IOException(
                    "cannot start the embedded relay on " + listen.describe() + ": " + rootMessage(e)
                            + (listen.port() == 0
                                    ? ""
                                    : " (is another baton using the port? --port 0 picks a free one)"),
                    e);
        }
        EmbeddedRelay embedded = new EmbeddedRelay(relay, new CredentialsFile(home.localCredentialsFile()));
        embedded.token =
                embedded.credentials.read().map(Credentials::accountToken).orElseGet(embedded::mint);
        return embedded;
    }

    public URI url() {
        return relay.url();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String replaceRefused(RelayException refusal) {
        log.info(
                "The embedded relay refused the saved local account token ({}); minting a new one",
                refusal.code().wire());
        return mint();
    }

    private String mint() {
        token = relay.createAccountToken(LOCAL_USER);
        credentials.write(new Credentials(relay.url().toString(), token));
        return token;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    @Override
    public void close() {
        relay.close();
    }
}
