package dev.baton.server.relayclient;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventErrorCode;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames;
import dev.baton.protocol.frame.HostToRelay;
import dev.baton.protocol.frame.RelayToHost;
import dev.baton.protocol.seal.SealException;
import dev.baton.server.config.DurationText;
import dev.baton.server.e2ee.HostSeal;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionListener;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host stream connection, from handshake to its end: says {@code hello}, and after {@code welcome}
 * streams the session's log from where the relay's copy ends, applies inputs, and keeps the line alive.
 * {@link HostStream} opens a new one after each end.
 */
final class HostSocket extends WebSocketListener {
    private static final Logger log = LoggerFactory.getLogger(HostSocket.class);
    static final String INPUT_UNVERIFIED_MESSAGE = "An input from a device failed verification (it did not open"
            + " under this session's key: altered on the way, or sent with another key) and was not applied.";

    /** How a connection ended, which decides what {@link HostStream} does next. */
    sealed interface Ending {
        /** The line broke or went silent: reconnect. */
        record Dropped(String reason) implements Ending {}

        /** The relay refused the handshake with an error body. */
        record Refused(RelayException error) implements Ending {}

        /** Reconnecting cannot help (another backend took the session over). */
        record Fatal(String reason) implements Ending {}

        /** We closed it. */
        record Stopped() implements Ending {}
    }

    private sealed interface Outbound {
        record Frame(HostToRelay frame) implements Outbound {}

        record Events(List<Event> events) implements Outbound {}

        /** Streamed text, sealed when sent so its number follows the order it goes out in. */
        record Delta(String messageId, String text) implements Outbound {}

        /** Sent as the session's snapshot at sending time, so a late frame is never a stale one. */
        record SnapshotChanged() implements Outbound {}
    }

    private final Session session;
    private final HostSeal seal;
    private final HostStreamSettings settings;
    private final Consumer<HostStreamSettings.Liveness> onWelcome;
    private final IntConsumer onViewers;
    private final Runnable onDevicesChanged;
    private final BlockingQueue<Outbound> outbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Ending> ended = new CompletableFuture<>();
    private final Thread sender;
    private volatile WebSocket socket;
    private volatile long lastHeard = System.nanoTime();
    private volatile long lastSent = System.nanoTime();
    private volatile HostStreamSettings.Liveness liveness;
    /** The epoch this connection said hello with: every seal of the connection is bound to it. */
    private volatile String epoch;

    private Session.Subscription subscription; // guarded by this

    private HostSocket(
            Session session,
            HostSeal seal,
            HostStreamSettings settings,
            HostStreamSettings.Liveness liveness,
            Consumer<HostStreamSettings.Liveness> onWelcome,
            IntConsumer onViewers,
            Runnable onDevicesChanged) {
        this.session = session;
        this.seal = seal;
        this.settings = settings;
        this.liveness = liveness;
        this.onWelcome = onWelcome;
        this.onViewers = onViewers;
        this.onDevicesChanged = onDevicesChanged;
        this.sender = Thread.ofVirtual().name("host-sender-" + session.id()).unstarted(this::sendLoop);
    }

    /**
     * @param liveness the timing to start with, until the relay's {@code welcome} says its own
     * @param onWelcome told the relay's liveness once the relay has welcomed this connection
     * @param onViewers told how many devices follow the session each time the relay says ({@code viewers},
     *     an extension an older relay never sends); never after the connection ended
     * @param onDevicesChanged told when the relay says a device of the account was paired or revoked
     *     ({@code devices_changed}, an extension); must not block
     */
    static HostSocket open(
            RelayClient relay,
            String token,
            Session session,
            HostSeal seal,
            HostStreamSettings settings,
            HostStreamSettings.Liveness liveness,
            Consumer<HostStreamSettings.Liveness> onWelcome,
            IntConsumer onViewers,
            Runnable onDevicesChanged) {
        HostSocket host = new HostSocket(session, seal, settings, liveness, onWelcome, onViewers, onDevicesChanged);
        host.sender.start();
        host.socket = relay.openHostStream(session.id(), token, host);
        return host;
    }

    Ending awaitEnd() {
        Ending ending = ended.join();
        synchronized (this) {
            // A welcome being handled has finished reporting "online" before the caller reports the end.
            return ending;
        }
    }

    /**
     * Called often by {@link HostStream}: pings an idle line and gives up on a silent one, which is
     * also how a connection attempt into a black hole ends.
     */
    void tick() {
        long now = System.nanoTime();
        HostStreamSettings.Liveness timing = liveness;
        if (now - lastHeard >= timing.silenceTimeout().toNanos()) {
            drop("heard nothing from the relay for " + DurationText.format(timing.silenceTimeout()));
        } else if (now - lastSent >= timing.pingInterval().toNanos()) {
            outbox.add(new Outbound.Frame(new Frames.Ping()));
        }
    }

    /**
     * Sends the session's data key wrapped under a new content key ({@code key}, an extension), after the
     * {@code hello} of this connection when that is still to go: the relay keeps only a host's key.
     */
    void sendKey(SessionKey key) {
        outbox.add(new Outbound.Frame(new Frames.KeyFrame(key)));
    }

    /** Abandons the connection without a goodbye (the line is presumed dead), for {@code reason}. */
    void drop(String reason) {
        end(new Ending.Dropped(reason)); // first: the cancel's own failure report must not be the reason
        socket.cancel();
    }

    void close() {
        if (end(new Ending.Stopped())) {
            socket.close(1000, "the host is stopping");
        }
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        socket = webSocket; // open() may not have stored it yet
        Cursor cursor = session.cursor();
        epoch = cursor.epoch();
        Snapshot snapshot = session.snapshot();
        outbox.add(new Outbound.Frame(new Frames.Hello(
                ProtocolVersion.CURRENT,
                cursor.epoch(),
                cursor.seq(),
                seal.snapshot(cursor.epoch(), snapshot),
                seal.wrappedKey(),
                false))); // the local log is the truth and welcome says what to resend: acks would go unread
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        lastHeard = System.nanoTime();
        RelayToHost frame;
        try {
            frame = Json.decode(text, RelayToHost.class);
        } catch (ProtocolException e) {
            log.warn("Ignoring a frame from the relay: {}", e.getMessage());
            return;
        }
        switch (frame) {
            case Frames.Welcome welcome -> welcomed(welcome);
            case Frames.InputFrame input -> apply(input);
            case Frames.Ping ping -> outbox.add(new Outbound.Frame(new Frames.Pong()));
            case Frames.ErrorFrame error -> relayError(error);
            case Frames.Viewers viewers -> viewers(viewers);
            case Frames.DevicesChanged changed -> onDevicesChanged.run();
                // Asked for none in the hello; a relay that sends them anyway needs no bookkeeping here.
            case Frames.Ack ack -> {}
            case Frames.Pong pong -> {}
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null);
        end(new Ending.Dropped("the relay closed the stream (" + code + (reason.isEmpty() ? "" : " " + reason) + ")"));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        end(new Ending.Dropped("the stream closed (" + code + ")"));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
        if (response != null && response.code() != 101) {
            end(new Ending.Refused(RelayClient.errorOf(response.code(), bodyOf(response))));
        } else {
            end(new Ending.Dropped(droppedReason(failure)));
        }
    }

    /**
     * Why the connection broke, in words the status line can show: a relay that dies mid-stream ends it
     * with no close frame, which the client reports as a bare {@link EOFException}.
     */
    private static String droppedReason(Throwable failure) {
        if (failure instanceof EOFException) {
            return "the relay ended the connection";
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private synchronized void welcomed(Frames.Welcome welcome) {
        if (ended.isDone() || subscription != null) {
            return;
        }
        if (welcome.pingIntervalMs() != null
                && welcome.livenessTimeoutMs() != null
                && welcome.pingIntervalMs() > 0
                && welcome.livenessTimeoutMs() > 0) {
            liveness = new HostStreamSettings.Liveness(
                    Duration.ofMillis(welcome.pingIntervalMs()), Duration.ofMillis(welcome.livenessTimeoutMs()));
        }
        subscription = session.subscribe(welcome.storedSeq(), new SessionListener() {
            @Override
            public void onEvents(List<Event> events) {
                outbox.add(new Outbound.Events(events));
            }

            @Override
            public void onSnapshot(Snapshot snapshot) {
                outbox.add(new Outbound.SnapshotChanged());
            }

            @Override
            public void onDelta(String messageId, String text) {
                outbox.add(new Outbound.Delta(messageId, text));
            }
        });
        // The snapshot may have changed between hello and subscribing.
        outbox.add(new Outbound.SnapshotChanged());
        onWelcome.accept(liveness);
    }

    /** Under this socket's lock, like a welcome: a count never arrives after the caller reported the end. */
    private synchronized void viewers(Frames.Viewers viewers) {
        if (ended.isDone() || subscription == null || viewers.devices() < 0) {
            return;
        }
        onViewers.accept(viewers.devices());
    }

    private void apply(Frames.InputFrame frame) {
        if (frame.inputId() == null || frame.sealed() == null) {
            log.warn("Ignoring an input frame without inputId or sealed input");
            return;
        }
        Input input;
        try {
            input = seal.open(frame);
        } catch (SealException e) {
            // What did not open is neither trusted nor shown; the line names the input, never its content.
            log.warn(
                    "Input {} from device {} failed verification and was not applied: {}",
                    frame.inputId(),
                    frame.deviceId(),
                    e.getMessage());
            session.refuse(
                    frame.inputId(),
                    frame.deviceId(),
                    EventErrorCode.INPUT_UNVERIFIED.wire(),
                    INPUT_UNVERIFIED_MESSAGE);
            return;
        } catch (ProtocolException e) {
            // It opened, so the device sealed it: an input of a newer client, answered in the (private) log.
            log.warn("Input {} from device {} is not an input this backend knows", frame.inputId(), frame.deviceId());
            session.refuse(
                    frame.inputId(),
                    frame.deviceId(),
                    EventErrorCode.INVALID_ARGUMENT.wire(),
                    "This input is not one this backend knows (" + e.getMessage() + "); it was not applied.");
            return;
        }
        session.submit(frame.inputId(), frame.deviceId(), input);
    }

    private void relayError(Frames.ErrorFrame error) {
        if (error.code() == ErrorCode.HOST_REPLACED) {
            socket.close(1000, null);
            end(new Ending.Fatal("another backend is hosting this session now"));
        } else if (error.code() == ErrorCode.UNSUPPORTED_PROTOCOL) {
            // A relay of another protocol version: reconnecting would hear the same refusal forever.
            socket.close(1000, null);
            end(new Ending.Refused(new RelayException(ErrorCode.UNSUPPORTED_PROTOCOL, 400, error.message())));
        } else {
            log.warn("The relay reported {}: {}", error.code().wire(), error.message());
        }
    }

    private boolean end(Ending ending) {
        if (!ended.complete(ending)) {
            return false;
        }
        synchronized (this) {
            if (subscription != null) {
                subscription.close();
            }
        }
        sender.interrupt();
        return true;
    }

    private void sendLoop() {
        try {
            while (!ended.isDone()) {
                switch (outbox.take()) {
                    case Outbound.Frame frame -> send(Json.write(frame.frame()));
                    case Outbound.Delta delta -> send(Json.write(seal.delta(epoch, delta.messageId(), delta.text())));
                    case Outbound.SnapshotChanged changed -> send(
                            Json.write(new Frames.SnapshotFrame(seal.snapshot(epoch, session.snapshot()))));
                    case Outbound.Events first -> sendEvents(first.events());
                }
            }
        } catch (InterruptedException e) {
            // the connection ended
        }
    }

    /** Sends {@code first} and any events queued right behind it, in frames within the byte budget. */
    private void sendEvents(List<Event> first) throws InterruptedException {
        List<Event> events = new ArrayList<>(first);
        while (outbox.peek() instanceof Outbound.Events more) {
            outbox.remove();
            events.addAll(more.events());
        }
        for (List<SealedEvent> batch : EventBatches.split(seal.events(epoch, events), settings.maxFrameBytes())) {
            send(Json.write(new Frames.EventsFrame(batch)));
        }
    }

    private void send(String text) throws InterruptedException {
        // OkHttp queues without limit up to 16 MiB and then closes the socket: pace a long catch-up instead.
        while (socket.queueSize() > 4L * settings.maxFrameBytes()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        if (!socket.send(text)) {
            end(new Ending.Dropped("the stream is closing"));
            return;
        }
        lastSent = System.nanoTime();
    }

    private static String bodyOf(Response response) {
        try {
            return response.body() == null ? "" : response.body().string();
        } catch (IOException e) {
            return "";
        }
    }
}
