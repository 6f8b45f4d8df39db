package dev.baton.protocol.seal;

import dev.baton.protocol.Nullable;
import java.nio.charset.StandardCharsets;

/**
 * The associated data of every sealed value, in one place for the backend, the relay's tests and (through
 * the conformance vectors) the web client. Each string names the protocol version, the kind of value and
 * where it sits, so a relay cannot move a blob to another session, seq, field or kind without it failing
 * to open.
 */
public final class Aad {
    private static final String PREFIX = "baton/2/";

    private Aad() {}

    /**
     * An event's body, under the session's data key, bound to its whole clear header: the relay must not be
     * able to relabel which surface wrote an event ({@code origin}) or stamp another input's id on it, which
     * would make a device stop resending an input that was never applied. {@code inputId} and {@code origin}
     * are free strings (a device picks its input ids, {@code |} included), so each is written as its length in
     * UTF-8 bytes, {@code :} and the value, or {@code -} when absent; {@code type} comes last, as the rest of
     * the string. No two headers give the same string.
     */
    public static String event(
            String sessionId, String epoch, long seq, String type, @Nullable String inputId, @Nullable String origin) {
        return PREFIX + "event|" + sessionId + "|" + epoch + "|" + seq + "|" + counted(inputId) + "|" + counted(origin)
                + "|" + type;
    }

    /** The {@code n}th delta of a message (0, 1, 2…), under the session's data key. */
    public static String delta(String sessionId, String epoch, String messageId, int n) {
        return PREFIX + "delta|" + sessionId + "|" + epoch + "|" + messageId + "|" + n;
    }

    /** An input, under the session's data key. */
    public static String input(String sessionId, String inputId) {
        return PREFIX + "input|" + sessionId + "|" + inputId;
    }

    /** The session's title wherever it travels (snapshot, list, registration), under its data key. */
    public static String title(String sessionId) {
        return PREFIX + "title|" + sessionId;
    }

    /** The title a device asks for when it spawns a session, under the content key. */
    public static String spawnTitle(String environmentId) {
        return PREFIX + "spawn-title|" + environmentId;
    }

    /** An environment's {@code name}, {@code hostname} or {@code directory}, under the content key. */
    public static String environment(String field) {
        return PREFIX + "environment|" + field;
    }

    /** A session's data key, wrapped under the content key {@code kid}. */
    public static String sessionKey(String sessionId, String kid) {
        return PREFIX + "session-key|" + sessionId + "|" + kid;
    }

    /**
     * What a device's agreement key proof authenticates (HMAC-SHA256 under the content key, not a seal): the
     * key bound to the device it belongs to.
     */
    public static String deviceKey(String deviceId, String publicKey) {
        return PREFIX + "device-key|" + deviceId + "|" + publicKey;
    }

    /**
     * A new content key {@code kid} delivered to one device, sealed under the key derived for it; also the
     * HKDF info of that key.
     */
    public static String contentKey(String deviceId, String kid) {
        return PREFIX + "content-key|" + deviceId + "|" + kid;
    }

    /** What a delivery's {@code auth} authenticates under the previous content key. */
    public static String contentKeyAuth(String deviceId, String kid, String ephemeralPublicKey, String wrapped) {
        return contentKey(deviceId, kid) + "|" + ephemeralPublicKey + "|" + wrapped;
    }

    private static String counted(@Nullable String value) {
        return value == null ? "-" : value.getBytes(StandardCharsets.UTF_8).length + ":" + value;
    }
}
