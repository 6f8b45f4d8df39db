package dev.baton.server.remote;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.OutageCause;
import dev.baton.server.relayclient.RelayException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded relay of this machine, shared by every backend with the same {@code BATON_HOME}: the
 * first one to start it owns it, the others join it as clients with the local account from {@code
 * local-credentials.json}, and a {@link RelayPortWatch} takes it over for them when its owner exits. With
 * port 0 nothing can be shared, so the relay is simply this process's own.
 */
public final class EmbeddedRelayLease implements AccountCredential, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRelayLease.class);

    /** How long to wait for another backend that holds the store but has not bound the port yet. */
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private static final Duration RETRY = Duration.ofMillis(200);

    /** What to do once starting the relay here failed, given why and what listens on its port. */
    enum Step {
        JOIN,
        RETRY,
        FAIL_NOT_BATON,
        FAIL_OTHER_RELAY
    }

    private final EmbeddedListen listen;
    private final CredentialsFile credentials;
    private volatile RelayPortWatch watch;
    private volatile EmbeddedRelay owned;

    private EmbeddedRelayLease(BatonHome home, EmbeddedListen listen, EmbeddedRelay owned) {
        this.listen = listen;
        this.credentials = new CredentialsFile(home.localCredentialsFile());
        this.owned = owned;
    }

    /**
     * Starts the embedded relay where {@code listen} says, or joins the Baton relay already there.
     *
     * @throws ConfigurationException when something other than this home's relay holds the port
     * @throws IOException when the relay can neither be started nor joined
     */
    public static EmbeddedRelayLease acquire(BatonHome home, EmbeddedListen listen) throws IOException {
        if (listen.port() == 0) {
            return new EmbeddedRelayLease(home, listen, EmbeddedRelay.start(home, listen));
        }
        int port = listen.port();
        String where = listen.describe();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            IOException notStarted;
            try {
                return new EmbeddedRelayLease(home, listen, EmbeddedRelay.start(home, listen));
            } catch (IOException e) {
                notStarted = e;
            }
            PortProbe.Answer probed = PortProbe.probe(listen);
            switch (afterFailedStart(portTaken(notStarted), probed.finding())) {
                case JOIN -> {
                    EmbeddedRelayLease joined = new EmbeddedRelayLease(home, listen, null);
                    joined.awaitCredentials(deadline);
                    joined.watch = RelayPortWatch.start(home, listen, relay -> joined.owned = relay);
                    log.info("Joined the embedded relay another baton runs on {}", where);
                    return joined;
                }
                case FAIL_NOT_BATON -> throw new ConfigurationException("port " + port
                        + " on " + listen.localHost() + " is taken by something that is not a Baton relay ("
                        + probed.answer()
                        + "); choose another with --port (0 picks a free one) or name a relay with --relay");
                case FAIL_OTHER_RELAY -> throw new ConfigurationException("port " + port
                        + " on " + listen.localHost() + " is taken by a Baton relay that does not keep its data in "
                        + home.relayData() + " (a baton with another BATON_HOME, or a standalone baton relay);"
                        + " choose another port with --port (0 picks a free one) or use that relay with --relay"
                        + " http://" + where + " and its account token");
                case RETRY -> {
                    if (System.nanoTime() > deadline) {
                        throw notStarted;
                    }
                    sleep(RETRY);
                }
            }
        }
    }

    /**
     * A relay keeps its store locked from before it binds until after it unbinds, so a Baton relay on the
     * port while this store was free to open (the bind is what failed) is not this home's relay, and its
     * local account is not ours. Nothing listening means the holder of this store has not bound yet, or
     * is still closing; either way the next attempt may tell.
     */
    static Step afterFailedStart(boolean portTaken, PortProbe.Finding finding) {
        return switch (finding) {
            case BATON_RELAY -> portTaken ? Step.FAIL_OTHER_RELAY : Step.JOIN;
            case SOMETHING_ELSE -> Step.FAIL_NOT_BATON;
            case NOTHING_LISTENING -> Step.RETRY;
        };
    }

    /** Whether the start failed on binding the port (rather than on the store being in use). */
    static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    public URI url() {
        EmbeddedRelay relay = owned;
        return relay != null ? relay.url() : URI.create("http://" + listen.describe());
    }

    /** Whether the relay runs in this process (from the start or since a takeover). */
    public boolean owns() {
        return owned != null;
    }

    @Override
    public String token() {
        EmbeddedRelay relay = owned;
        return relay != null ? relay.token() : savedToken().orElse("");
    }

    /**
     * The owner may have minted a new token since it was read (it does when the store no longer knows
     * the saved one); only the owner can mint, so a joined backend reads the file again.
     */
    @Override
    public String replaceRefused(RelayException refusal) throws RelayException {
        EmbeddedRelay relay = owned;
        if (relay != null) {
            return relay.replaceRefused(refusal);
        }
        sleep(Duration.ofSeconds(1)); // give an owner that is minting the time to save
        return savedToken()
                .orElseThrow(() -> new RelayException(
                        refusal.code(),
                        refusal.httpStatus(),
                        "the shared embedded relay refused the local account token from " + credentials.path() + ": "
                                + refusal.relayMessage()));
    }

    /**
     * Why this joined backend cannot reach the relay, when it knows more than its host streams: a program
     * that is not a Baton relay took the port after the owner exited. Empty while the relay is ours.
     */
    public Optional<OutageCause.Found> portTaken() {
        RelayPortWatch current = watch;
        return current == null ? Optional.empty() : current.find();
    }

    @Override
    public void close() {
        RelayPortWatch current = watch;
        if (current != null) {
            current.close(); // first: a takeover in flight must end before the relay it may start is closed
        }
        EmbeddedRelay relay = owned;
        if (relay != null) {
            relay.close();
        }
    }

    /** The owner saves the local account's token right after it binds; a joiner can be quicker. */
    private void awaitCredentials(long deadline) throws IOException {
        while (savedToken().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the embedded relay on " + listen.describe() + " is run by another baton, but "
                        + credentials.path() + " holds no local account token for it");
            }
            sleep(RETRY);
        }
    }

    private Optional<String> savedToken() {
        return credentials.read().map(Credentials::accountToken);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
