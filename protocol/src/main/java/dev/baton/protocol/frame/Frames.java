package dev.baton.protocol.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.baton.protocol.Cursor;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Nullable;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SentAsNull;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.event.SealedEvent;
import java.time.Instant;
import java.util.List;

/**
 * Every stream frame. A frame that travels in several directions (events, delta, input, ping, pong,
 * error) is one record that belongs to each direction's sealed interface.
 *
 * <p>Since protocol version 2 a session's content crosses the relay sealed (end-to-end encrypted): events
 * are {@link SealedEvent}s, snapshots {@link SealedSnapshot}s, deltas and inputs carry {@code sealed}
 * strings. The backend's own log and the editor keep the plaintext {@code Event}, {@code Input} and
 * {@code Snapshot}; {@code dev.baton.protocol.seal.SessionSeal} turns one into the other.
 */
public final class Frames {
    private Frames() {}

    /**
     * The host's first frame: the log it holds and the state to show devices.
     *
     * @param snapshot extension: may be left out; the relay then keeps the snapshot it holds (or an empty
     *     one) until the host sends a {@code snapshot} frame
     * @param key version 2: the session's data key, wrapped; the relay keeps it with the session and hands
     *     it to devices
     * @param acks extension: {@code false} when the host wants no {@code ack} frames, because it keeps its
     *     whole log and resends what {@code welcome} says the relay lacks; left out or {@code true}, the relay
     *     acknowledges every {@code events} frame once stored
     */
    @JsonTypeName("hello")
    public record Hello(
            int protocol,
            String epoch,
            long lastSeq,
            @Nullable SealedSnapshot snapshot,
            SessionKey key,
            @Nullable Boolean acks)
            implements HostToRelay {
        public Hello {
            // Checked before any other field: an older host's hello lacks fields this version requires.
            ProtocolVersion.require("host", "the backend (baton)", protocol);
        }

        /** A hello that asks for acknowledgements, as a host that says nothing of them gets them. */
        public Hello(int protocol, String epoch, long lastSeq, @Nullable SealedSnapshot snapshot, SessionKey key) {
            this(protocol, epoch, lastSeq, snapshot, key, null);
        }

        /** Whether the relay sends this host an {@code ack} for each {@code events} frame it stores. */
        public boolean wantsAcks() {
            return acks == null || acks;
        }
    }

    /**
     * The relay holds this epoch's events up to {@code storedSeq}; the host resends the rest.
     *
     * @param pingIntervalMs extension: how often the relay pings, so the host pings as often
     * @param livenessTimeoutMs extension: the relay's liveness window; the host declares the stream dead
     *     after hearing nothing for as long, so both ends agree on when a silent stream is dead
     */
    @JsonTypeName("welcome")
    public record Welcome(long storedSeq, @Nullable Long pingIntervalMs, @Nullable Long livenessTimeoutMs)
            implements RelayToHost {
        public Welcome(long storedSeq) {
            this(storedSeq, null, null);
        }
    }

    /**
     * Extension: how many distinct devices follow the session now, counting each device with a subscribed
     * device stream once however many streams it has open. Sent after {@code welcome} and whenever the
     * number changes; a relay that does not know this frame never sends it.
     */
    @JsonTypeName("viewers")
    public record Viewers(int devices) implements RelayToHost {}

    /**
     * Extension: a device of the account was paired or revoked. The backend checks the account's devices and
     * rotates its content key if one it knew is gone; a backend that does not know this frame ignores it.
     */
    @JsonTypeName("devices_changed")
    public record DevicesChanged() implements RelayToHost {}

    /**
     * Extension: the session's data key wrapped under the backend's new content key, after a rotation. The
     * relay keeps it as the session's key (what {@code sync} and session lists hand out from then on).
     */
    @JsonTypeName("key")
    public record KeyFrame(SessionKey key) implements HostToRelay {}

    /** The relay has stored every event up to {@code seq}. */
    @JsonTypeName("ack")
    public record Ack(long seq) implements RelayToHost {}

    @JsonTypeName("events")
    public record EventsFrame(List<SealedEvent> events) implements HostToRelay, RelayToDevice {
        public EventsFrame {
            // A frame without its events is refused by name when decoded (RequiredFields), not here.
            events = events == null ? null : List.copyOf(events);
        }
    }

    @JsonTypeName("snapshot")
    public record SnapshotFrame(SealedSnapshot snapshot) implements HostToRelay {}

    /**
     * Ephemeral assistant text: never stored, best effort, superseded by the committed message.
     *
     * @param n the delta's place among its message's deltas (0, 1, 2…), bound into the seal so the relay
     *     can neither reorder nor replay them
     * @param sealed the text, sealed with {@code Aad.delta(sessionId, epoch, messageId, n)}
     */
    @JsonTypeName("delta")
    public record DeltaFrame(String messageId, int n, String sealed) implements HostToRelay, RelayToDevice {}

    /**
     * An input on its way to the host. Devices send it without {@code deviceId}; the relay fills it in
     * from the device's token, whatever the device claims.
     *
     * @param sealed the input ({@code kind} included) as JSON, sealed with {@code Aad.input(sessionId, inputId)}
     */
    @JsonTypeName("input")
    public record InputFrame(String inputId, @Nullable String deviceId, String sealed)
            implements DeviceToRelay, RelayToHost {}

    /**
     * @param cursor where the device's copy of the log ends, or null for a device that holds nothing
     * @param protocol version 2: the wire version the device speaks; a relay refuses any other
     */
    @JsonTypeName("subscribe")
    public record Subscribe(@JsonInclude(JsonInclude.Include.ALWAYS) @SentAsNull Cursor cursor, Integer protocol)
            implements DeviceToRelay {
        public Subscribe {
            // Before version 2 a subscribe named no version at all.
            ProtocolVersion.require(
                    "device", "the web client (reload the page) or app", protocol == null ? 1 : protocol);
        }

        public Subscribe(Cursor cursor) {
            this(cursor, ProtocolVersion.CURRENT);
        }
    }

    /**
     * The answer to {@code subscribe}. With status {@code gap} the device drops what it holds and
     * renders {@code events}; {@code truncated} says they start after seq 1 because the tail no longer
     * reaches back that far.
     *
     * @param key version 2: the session's wrapped data key, null until a host has said hello
     */
    @JsonTypeName("sync")
    public record Sync(
            SyncStatus status,
            @Nullable String epoch,
            List<SealedEvent> events,
            SealedSnapshot snapshot,
            boolean online,
            boolean truncated,
            @Nullable SessionKey key)
            implements RelayToDevice {
        public Sync {
            events = events == null ? null : List.copyOf(events);
        }
    }

    @JsonTypeName("presence")
    public record Presence(boolean online, Instant since) implements RelayToDevice {}

    /** The relay holds the input because the host is away; it is delivered when the host returns. */
    @JsonTypeName("inputQueued")
    public record InputQueued(String inputId) implements RelayToDevice {}

    /** @param inputId the input the error is about, when it is about one */
    @JsonTypeName("error")
    public record ErrorFrame(ErrorCode code, String message, @Nullable String inputId)
            implements RelayToHost, RelayToDevice {
        public ErrorFrame(ErrorCode code, String message) {
            this(code, message, null);
        }
    }

    @JsonTypeName("ping")
    public record Ping() implements HostToRelay, RelayToHost, DeviceToRelay, RelayToDevice {}

    @JsonTypeName("pong")
    public record Pong() implements HostToRelay, RelayToHost, DeviceToRelay, RelayToDevice {}

    /**
     * Extension: whether the device's page for this session is in front of its user. The relay pushes a
     * notification only while no device of the account is looking; a device that never says is not.
     */
    @JsonTypeName("visibility")
    public record Visibility(boolean visible) implements DeviceToRelay {}
}
