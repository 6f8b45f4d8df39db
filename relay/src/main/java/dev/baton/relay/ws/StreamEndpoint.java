package dev.baton.relay.ws;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.frame.Frames.ErrorFrame;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.hub.Peer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What host and device streams share: frames arrive as partial text so an oversized frame is counted
 * and dropped as it streams in, never buffered whole; every bad frame gets an {@code error} frame and
 * the stream stays open.
 */
abstract class StreamEndpoint implements Session.Listener.AutoDemanding, Peer {
    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);

    protected final Hub hub;
    private final String sessionId;
    private final int maxFrameBytes;
    private final Runnable onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StringBuilder frame = new StringBuilder();
    private long frameBytes;
    private boolean oversized;
    private volatile Session session;
    private volatile long lastHeard = System.nanoTime();

    StreamEndpoint(Hub hub, String sessionId, int maxFrameBytes, Runnable onClosed) {
        this.hub = hub;
        this.sessionId = sessionId;
        this.maxFrameBytes = maxFrameBytes;
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
    public void send(Object value) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.sendText(Json.write(value), Callback.from(() -> {}, this::sendFailed));
        }
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
        session = opened;
        lastHeard = System.nanoTime();
        hub.opened(this);
    }

    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        lastHeard = System.nanoTime();
        if (!oversized) {
            frameBytes += utf8Length(fragment);
            if (frameBytes > maxFrameBytes) {
                oversized = true;
                frame.setLength(0);
                frame.trimToSize();
            } else {
                frame.append(fragment);
            }
        }
        if (last) {
            boolean dropped = oversized;
            String text = frame.toString();
            frame.setLength(0);
            frameBytes = 0;
            oversized = false;
            if (dropped) {
                send(new ErrorFrame(
                        ErrorCode.TOO_LARGE, "frame larger than " + maxFrameBytes + " bytes; it was dropped"));
            } else {
                dispatch(text);
            }
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        lastHeard = System.nanoTime();
        callback.succeed();
        if (last) {
            send(new ErrorFrame(ErrorCode.BAD_REQUEST, "binary frames are not part of the protocol; send JSON text"));
        }
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        lastHeard = System.nanoTime();
        Session current = session;
        if (current != null) {
            current.sendPong(payload, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastHeard = System.nanoTime();
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
        } catch (RuntimeException e) {
            LOG.error("failed to handle a frame on session {}", sessionId, e);
            send(new ErrorFrame(ErrorCode.INTERNAL, "the relay failed to handle this frame"));
        }
    }

    private void release() {
        if (closed.compareAndSet(false, true)) {
            hub.closed(this);
            onClosed.run();
        }
    }

    private void sendFailed(Throwable cause) {
        LOG.debug("could not send to a stream of session {}", sessionId, cause);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
