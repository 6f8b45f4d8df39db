package dev.baton.server.e2ee;

import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.DeltaFrame;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.seal.SealException;
import dev.baton.protocol.seal.SessionSeal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The one boundary where a hosted session's content leaves the machine: everything the host stream sends
 * is sealed here under the session's data key, and every input it receives is opened here. The session's
 * log, the editor and the terminal never see this class; they keep the plaintext.
 */
public final class HostSeal {
    private final Keyring keys;
    private final String sessionId;
    private final byte[] dataKey;
    private final SessionSeal seal;
    private volatile SessionKey wrappedKey;
    /** The next {@code n} of each message still streaming, across reconnects, so no number is used twice. */
    private final Map<String, Integer> deltaCounts = new ConcurrentHashMap<>();

    private HostSeal(Keyring keys, String sessionId, byte[] dataKey) {
        this.keys = keys;
        this.sessionId = sessionId;
        this.dataKey = dataKey;
        this.seal = new SessionSeal(sessionId, dataKey);
        this.wrappedKey = SessionSeal.wrap(keys.contentKey().bytes(), sessionId, dataKey);
    }

    /** The seal of {@code sessionId}: its data key (made now if this is its first hosting), wrapped under the content key. */
    public static HostSeal of(Keyring keys, String sessionId) {
        return new HostSeal(keys, sessionId, keys.dataKey(sessionId));
    }

    /**
     * What {@code hello} carries so devices holding the content key can open the session: the data key
     * wrapped under the current content key, wrapped again after a rotation.
     */
    public SessionKey wrappedKey() {
        ContentKey current = keys.contentKey();
        SessionKey wrapped = wrappedKey;
        if (!wrapped.kid().equals(current.kid())) {
            wrapped = SessionSeal.wrap(current.bytes(), sessionId, dataKey);
            wrappedKey = wrapped;
        }
        return wrapped;
    }

    /**
     * Hears the data key wrapped under each new content key, for the relay to hand to devices from then on.
     *
     * @return stops listening
     */
    public Keyring.Listening onRewrapped(Consumer<SessionKey> listener) {
        return keys.onNewContentKey((previous, next) -> listener.accept(wrappedKey()));
    }

    public List<SealedEvent> events(String epoch, List<Event> events) {
        for (Event event : events) {
            if (event.body() instanceof EventBody.AssistantMessage message) {
                deltaCounts.remove(message.messageId()); // committed: its deltas are over
            }
        }
        return events.stream().map(event -> seal.seal(epoch, event)).toList();
    }

    public SealedSnapshot snapshot(String epoch, Snapshot snapshot) {
        return seal.seal(epoch, snapshot);
    }

    /** The next delta of {@code messageId}, numbered 0, 1, 2… so a device can tell a replayed or reordered one. */
    public DeltaFrame delta(String epoch, String messageId, String text) {
        int n = deltaCounts.merge(messageId, 1, Integer::sum) - 1;
        return seal.delta(epoch, messageId, n, text);
    }

    /** A session title as the relay lists it ({@code POST …/sessions}), or null for none. */
    public String title(String title) {
        return seal.sealTitle(title);
    }

    /**
     * The input inside {@code frame}.
     *
     * @throws SealException when it does not open under this session's key and the frame's inputId: the
     *     relay altered or moved it, or the device holds another key
     */
    public Input open(InputFrame frame) {
        return seal.open(frame);
    }
}
