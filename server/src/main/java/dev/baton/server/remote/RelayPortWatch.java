package dev.baton.server.remote;

import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.server.config.BatonHome;
import dev.baton.server.relayclient.OutageCause;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joined backend's eye on the shared embedded relay's port, once a second. When nothing listens there
 * (the backend running the relay exited) it starts the relay itself on the same port and data dir and
 * hands it over; the store's file lock lets only one of several joined backends win, and the others find
 * the winner listening next time. While a relay answers it does nothing: only "nothing listening" is worth
 * taking, a busy owner still holds the store. When a program that is not a Baton relay took the port
 * meanwhile, it is the {@link OutageCause} that says so, and it keeps looking: the program may go.
 */
final class RelayPortWatch implements OutageCause, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayPortWatch.class);

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final BatonHome home;
    private final EmbeddedListen listen;
    private final Consumer<EmbeddedRelay> tookOver;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("embedded-relay-watch").daemon().factory());
    private volatile Optional<Found> portTaken = Optional.empty();

    private RelayPortWatch(BatonHome home, EmbeddedListen listen, Consumer<EmbeddedRelay> tookOver) {
        this.home = home;
        this.listen = listen;
        this.tookOver = tookOver;
    }

    /** @param tookOver gets the relay this backend started after the port was found free; called at most once */
    static RelayPortWatch start(BatonHome home, EmbeddedListen listen, Consumer<EmbeddedRelay> tookOver) {
        RelayPortWatch watch = new RelayPortWatch(home, listen, tookOver);
        watch.timer.scheduleWithFixedDelay(watch::look, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Someone else on the port, while it is there. */
    @Override
    public Optional<Found> find() {
        return portTaken;
    }

    /** Stops looking; a takeover in flight finishes (or fails) first, so its relay is not left behind. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The message for a port another program holds, given what answered there. */
    private static String portTakenDetail(EmbeddedListen listen, String answer) {
        return "the embedded relay's port " + listen.port() + " on " + listen.localHost()
                + " is taken by something that is not a Baton relay ("
                + answer + "); this baton takes the relay over once the port is free, or restart it with --port"
                + " (0 picks a free one) or with --relay naming a relay";
    }

    private void look() {
        PortProbe.Answer answer = PortProbe.probe(listen);
        if (Thread.currentThread().isInterrupted()) {
            return; // closing: a probe cut short says nothing about the port
        }
        switch (answer.finding()) {
            case NOTHING_LISTENING -> {
                portTaken = Optional.empty();
                takeOver();
            }
            case BATON_RELAY -> portTaken = Optional.empty();
            case SOMETHING_ELSE -> {
                // Said by the host streams that ask, as their state's reason; a log line would say it twice.
                portTaken =
                        Optional.of(new Found(ConnectionReason.PORT_TAKEN, portTakenDetail(listen, answer.answer())));
            }
        }
    }

    private void takeOver() {
        try {
            EmbeddedRelay relay = EmbeddedRelay.start(home, listen);
            tookOver.accept(relay);
            log.info("The embedded relay on {} was gone; this baton runs it now", listen.describe());
            timer.shutdown(); // the relay is this process's now; nothing left to watch
        } catch (IOException lostOrTooEarly) {
            // Another backend won the store's lock, or the old owner has not let go of it yet: the next
            // look decides.
            log.debug("Not taking over the embedded relay on {}: {}", listen.describe(), lostOrTooEarly.getMessage());
        }
    }
}
