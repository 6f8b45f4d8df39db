package dev.baton.relay.ws;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.frame.Frames.ErrorFrame;
import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.metrics.RelayMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What host and device streams share: an oversized frame is counted and dropped as its fragments stream
 * in, never buffered whole; every bad frame gets an {@code error} frame and the stream stays open (only
 * text that is not UTF-8 fails the connection). A frame the relay fails to handle (its store unreachable)
 * closes the stream with 1011 after the {@code error}, so the peer reconnects and resumes.
 *
 * <p>Outgoing frames are counted in bytes until Jetty has written them: a peer that stops reading
 * would otherwise pin every frame the relay queues for it (a full {@code sync} per {@code subscribe}).
 * Past {@code maxQueuedBytes} the stream is closed with 1008.
 *
 * <p>The relay hop (a host's events frame in, the same events written to a device socket) is timed
 * without the hub's help: the hub fans a host's frame out to devices on the thread that read it, so
 * the host stream notes the frame's arrival on that thread ({@link #ARRIVAL}) and each device stream
 * reads it when it queues the frame. A frame sent any other way is counted but not timed.
 */
abstract class StreamEndpoint implements Session.Listener.AutoDemanding, Peer {
    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);
    /** {@link System#nanoTime()} when the host frame being fanned out on this thread arrived; 0 otherwise. */
    private static final ThreadLocal<long[]> ARRIVAL = ThreadLocal.withInitial(() -> new long[1]);

    protected final Hub hub;
    private final String sessionId;
    /** How long a slow consumer has to read its close frame before its connection is dropped. */
    private static final long SLOW_CLOSE_GRACE_SECONDS = 5;

    private final int maxFrameBytes;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean slow = new AtomicBoolean();
    private final Runnable onClosed;
    private final RelayMetrics metrics;
    private final AtomicBoolean counted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The fragments of a text frame read so far; empty between frames. */
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private boolean oversized;
    private volatile Session session;
    private volatile CoreSession core;
    private volatile long lastHeard = System.nanoTime();

    StreamEndpoint(Hub hub, String sessionId, StreamLimits limits, RelayMetrics metrics, Runnable onClosed) {
        this.hub = hub;
        this.metrics = metrics;
        this.sessionId = sessionId;
        this.maxFrameBytes = limits.maxFrameBytes();
        this.maxQueuedBytes = limits.maxQueuedBytes();
        this.onClosed = onClosed;
    }

    /** Handles one complete text frame. */
    protected abstract void onFrame(String text);

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public long lastHeardNanos() {
        return lastHeard;
    }

    @Override
    public void send(EncodedFrame frame) {
        Session current = session;
        if (current == null || !current.isOpen() || slow.get()) {
            return;
        }
        long bytes = frame.utf8Bytes();
        if (queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
            queuedBytes.addAndGet(-bytes);
            closeSlow(current);
            return;
        }
        Runnable written = frame.events() > 0 && deviceId() != null
                ? delivered(frame.events(), ARRIVAL.get()[0], bytes)
                : () -> queuedBytes.addAndGet(-bytes);
        core.sendFrame(
                new org.eclipse.jetty.websocket.core.Frame(OpCode.TEXT, frame.payload()),
                org.eclipse.jetty.util.Callback.from(written, failure -> {
                    queuedBytes.addAndGet(-bytes);
                    sendFailed(failure);
                }),
                false);
    }

    private Runnable delivered(int events, long arrivedNanos, long bytes) {
        return () -> {
            queuedBytes.addAndGet(-bytes);
            metrics.delivered(events, arrivedNanos);
        };
    }

    /** Hands a host's events to the hub, which fans them out on this thread, timed from {@code arrivedNanos}. */
    protected final void fanOut(long arrivedNanos, Runnable fanOut) {
        long[] arrival = ARRIVAL.get();
        arrival[0] = arrivedNanos;
        try {
            fanOut.run();
        } finally {
            arrival[0] = 0;
        }
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public void close(int code, String reason) {
        Session current = session;
        if (current != null) {
            current.close(code, reason, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        // Jetty's sessions are its WebSocketSession. Its core session writes a frame whose payload is
        // already encoded, which the API's sendText would encode again for every device.
        core = ((WebSocketSession) opened).getCoreSession();
        session = opened;
        lastHeard = System.nanoTime();
        counted.set(true);
        metrics.streamOpened(sessionId, deviceId() == null);
        hub.opened(this);
    }

    /**
     * Every frame comes here whole or as Jetty's fragments of it, and nothing else reads it: text is decoded
     * by the JDK in one pass over the frame's bytes, where Jetty's own text messages are decoded byte by byte
     * into a builder per message (a tenth of the relay's time on a busy event path).
     */
    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        lastHeard = System.nanoTime();
        try {
            switch (Frame.Type.from(frame.getEffectiveOpCode())) {
                case TEXT -> textPart(frame.getPayload(), frame.isFin());
                case BINARY -> {
                    if (frame.isFin()) {
                        send(new ErrorFrame(
                                ErrorCode.BAD_REQUEST, "binary frames are not part of the protocol; send JSON text"));
                    }
                }
                case PING -> pong(frame.getPayload());
                default -> {} // a pong only needed hearing; Jetty answers a close once this returns
            }
        } finally {
            callback.succeed();
        }
    }

    /**
     * Most frames arrive whole and are decoded as they are. A fragmented one is gathered as bytes, so a
     * character split between fragments decodes whole, until it passes {@code maxFrameBytes}: from then on
     * the rest is only counted off and dropped.
     */
    private void textPart(ByteBuffer payload, boolean last) {
        if (last && pending.size() == 0 && !oversized) {
            if (payload.remaining() > maxFrameBytes) {
                refuseTooLarge();
            } else {
                dispatchUtf8(bytesOf(payload));
            }
            return;
        }
        if (!oversized) {
            if (pending.size() + payload.remaining() > maxFrameBytes) {
                oversized = true;
                pending = new ByteArrayOutputStream();
            } else {
                pending.writeBytes(bytesOf(payload));
            }
        }
        if (last) {
            boolean dropped = oversized;
            byte[] whole = pending.toByteArray();
            pending = new ByteArrayOutputStream();
            oversized = false;
            if (dropped) {
                refuseTooLarge();
            } else {
                dispatchUtf8(whole);
            }
        }
    }

    private void refuseTooLarge() {
        send(new ErrorFrame(ErrorCode.TOO_LARGE, "frame larger than " + maxFrameBytes + " bytes; it was dropped"));
    }

    /**
     * The JDK replaces malformed UTF-8 with U+FFFD rather than failing, so only text that holds one is
     * checked strictly (a Latin-1 string answers that it holds none at once). Text that is not UTF-8 fails
     * the connection with 1007, as RFC 6455 asks.
     */
    private void dispatchUtf8(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0 && !isUtf8(utf8)) {
            send(new ErrorFrame(ErrorCode.BAD_REQUEST, "a text frame must be UTF-8"));
            close(1007, "a text frame was not UTF-8");
            return;
        }
        dispatch(text);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The payload is Jetty's until the frame's callback completes, so what outlives it is copied. */
    private static byte[] bytesOf(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return bytes;
    }

    private void pong(ByteBuffer payload) {
        Session current = session;
        if (current != null) {
            current.sendPong(ByteBuffer.wrap(bytesOf(payload)), Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        release();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("stream of session {} failed", sessionId, cause);
        release();
    }

    private void dispatch(String text) {
        try {
            onFrame(text);
        } catch (ProtocolException e) {
            send(new ErrorFrame(e.code(), e.getMessage()));
            if (e.code() == ErrorCode.UNSUPPORTED_PROTOCOL) {
                // Nothing else this peer sends could be understood either.
                close(1002, "unsupported protocol");
            }
        } catch (RuntimeException e) {
            // Half-handled (an event not committed, an input not kept: the store was unreachable, say),
            // the peer and the relay no longer agree on what is stored. Reconnecting is how they agree
            // again: the host resends what welcome says is missing, a device resends what it has not seen
            // committed.
            LOG.error("failed to handle a frame on session {}; closing the stream", sessionId, e);
            send(new ErrorFrame(ErrorCode.INTERNAL, "the relay failed to handle this frame; reconnect"));
            close(1011, "the relay failed to handle a frame");
        }
    }

    private void release() {
        if (closed.compareAndSet(false, true)) {
            if (counted.get()) {
                metrics.streamClosed(sessionId, deviceId() == null);
            }
            hub.closed(this);
            onClosed.run();
        }
    }

    /**
     * The close frame queues behind what the peer has not read; a peer that reads nothing never sees
     * it, so after a grace period the connection is dropped and the queued frames with it. Whether the
     * stream has ended is the test: once the close began, the queued frames may have failed already
     * (emptying the queue) and the session may say it is not open, while the peer, never answering the
     * close, would hold the connection until the idle timeout.
     */
    private void closeSlow(Session current) {
        if (!slow.compareAndSet(false, true)) {
            return;
        }
        LOG.info("closing a stream of session {}: more than {} bytes queued and unread", sessionId, maxQueuedBytes);
        current.close(1008, "reading too slowly: more than " + maxQueuedBytes + " bytes queued", Callback.NOOP);
        CompletableFuture.delayedExecutor(SLOW_CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)
                .execute(() -> {
                    if (!closed.get()) {
                        current.disconnect();
                    }
                });
    }

    private void sendFailed(Throwable cause) {
        LOG.debug("could not send to a stream of session {}", sessionId, cause);
    }
}
