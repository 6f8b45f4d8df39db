package dev.baton.protocol.seal;

import dev.baton.protocol.Json;
import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.DeltaFrame;
import dev.baton.protocol.frame.Frames.InputFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One session's content, sealed for the relay and opened again: the plaintext types the backend and the
 * editor use ({@link Event}, {@link Input}, {@link Snapshot}) on one side, their version 2 wire forms on
 * the other. Every value is sealed under the session's data key with the associated data {@link Aad} names.
 */
public final class SessionSeal {
    private final String sessionId;
    private final byte[] dataKey;

    public SessionSeal(String sessionId, byte[] dataKey) {
        this.sessionId = Objects.requireNonNull(sessionId);
        this.dataKey = dataKey.clone();
    }

    /** The data key wrapped under the content key, as {@code hello} carries it. */
    public static SessionKey wrap(byte[] contentKey, String sessionId, byte[] dataKey) {
        String kid = ContentKeyId.of(contentKey);
        return new SessionKey(kid, Seal.seal(contentKey, dataKey, Aad.sessionKey(sessionId, kid)));
    }

    /** @throws SealException when {@code contentKey} is not the key {@code key} was wrapped under */
    public static SessionSeal unwrap(byte[] contentKey, String sessionId, SessionKey key) {
        String kid = ContentKeyId.of(contentKey);
        if (!kid.equals(key.kid())) {
            throw new SealException("the session's key is wrapped under content key " + key.kid() + ", not " + kid);
        }
        return new SessionSeal(sessionId, Seal.open(contentKey, key.wrapped(), Aad.sessionKey(sessionId, kid)));
    }

    public SealedEvent seal(String epoch, Event event) {
        if (event.body() instanceof EventBody.Status status) {
            return SealedEvent.status(event.seq(), event.ts(), event.inputId(), event.origin(), status.processing());
        }
        String type = event.type();
        String sealed = Seal.seal(
                dataKey,
                Json.write(event.body()).getBytes(StandardCharsets.UTF_8),
                Aad.event(sessionId, epoch, event.seq(), type, event.inputId(), event.origin()));
        return new SealedEvent(
                event.seq(), event.ts(), type, event.inputId(), event.origin(), requestId(event.body()), null, sealed);
    }

    /**
     * A {@code status} event seals nothing, so nothing vouches for its clear inputId and origin: a device
     * must not settle a pending input on one (every applied input also yields a sealed event with its id).
     *
     * @throws SealException when the body does not open under this header (seq, type, inputId, origin), or
     *     its clear {@code requestId} is not the one sealed inside
     */
    public Event open(String epoch, SealedEvent event) {
        if (SealedEvent.STATUS.equals(event.type())) {
            return new Event(
                    event.seq(),
                    event.ts(),
                    event.inputId(),
                    event.origin(),
                    new EventBody.Status(Boolean.TRUE.equals(event.processing())));
        }
        String json = Seal.openText(
                dataKey,
                event.sealed(),
                Aad.event(sessionId, epoch, event.seq(), event.type(), event.inputId(), event.origin()));
        EventBody body = Json.decode(json, EventBody.class);
        if (!Objects.equals(requestId(body), event.requestId())) {
            throw new SealException("event " + event.seq() + " names another requestId in the clear than inside");
        }
        return new Event(event.seq(), event.ts(), event.inputId(), event.origin(), body);
    }

    public DeltaFrame delta(String epoch, String messageId, int n, String text) {
        return new DeltaFrame(messageId, n, Seal.sealText(dataKey, text, Aad.delta(sessionId, epoch, messageId, n)));
    }

    public String open(String epoch, DeltaFrame delta) {
        return Seal.openText(dataKey, delta.sealed(), Aad.delta(sessionId, epoch, delta.messageId(), delta.n()));
    }

    /** A device's input, without the device id the relay fills in. */
    public InputFrame input(String inputId, Input input) {
        return new InputFrame(inputId, null, Seal.sealText(dataKey, Json.write(input), Aad.input(sessionId, inputId)));
    }

    public Input open(InputFrame input) {
        return Json.decode(Seal.openText(dataKey, input.sealed(), Aad.input(sessionId, input.inputId())), Input.class);
    }

    /** @return null for null, so a title that is not there stays absent */
    public String sealTitle(String title) {
        return title == null ? null : Seal.sealText(dataKey, title, Aad.title(sessionId));
    }

    public String openTitle(String sealed) {
        return sealed == null ? null : Seal.openText(dataKey, sealed, Aad.title(sessionId));
    }

    public SealedSnapshot seal(String epoch, Snapshot snapshot) {
        List<SealedEvent> pending = snapshot.pendingPermissions().stream()
                .map(event -> seal(epoch, event))
                .toList();
        return new SealedSnapshot(sealTitle(snapshot.title()), snapshot.processing(), pending, snapshot.online());
    }

    public Snapshot open(String epoch, SealedSnapshot snapshot) {
        List<Event> pending = snapshot.pendingPermissions().stream()
                .map(event -> open(epoch, event))
                .toList();
        return new Snapshot(openTitle(snapshot.title()), snapshot.processing(), pending, snapshot.online());
    }

    private static String requestId(EventBody body) {
        if (body instanceof EventBody.PermissionRequest request) {
            return request.requestId();
        }
        return body instanceof EventBody.PermissionDecision decision ? decision.requestId() : null;
    }
}
