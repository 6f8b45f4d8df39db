package dev.baton.server.e2ee;

import dev.baton.protocol.seal.Aad;
import dev.baton.protocol.seal.ContentKeyId;
import dev.baton.protocol.seal.Seal;
import java.util.Base64;

/**
 * The content key of a {@code BATON_HOME}: it wraps every session's data key and seals what the relay
 * lists about environments, so a device given it once (in a pairing URL's fragment) opens every session
 * hosted from here, spawned later ones too.
 */
public final class ContentKey {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final String kid;

    ContentKey(byte[] key) {
        this.key = key.clone();
        this.kid = ContentKeyId.of(key);
    }

    /** The key's id: the first 16 characters of base64url(SHA-256(key)), which names it without revealing it. */
    public String kid() {
        return kid;
    }

    /** The raw key, for sealing. */
    public byte[] bytes() {
        return key.clone();
    }

    /** The key as a pairing URL's fragment carries it ({@code &key=…}). */
    public String base64url() {
        return BASE64URL.encodeToString(key);
    }

    /** Never the key itself: whatever prints this by mistake (a log line) shows the id only. */
    @Override
    public String toString() {
        return "ContentKey[kid=" + kid + "]";
    }

    /**
     * An environment's {@code name}, {@code hostname} or {@code directory} as {@code POST /v1/environments}
     * sends it: sealed, so only a paired device reads where and on what machine a session runs.
     */
    public String sealEnvironmentField(String field, String value) {
        return value == null ? null : Seal.sealText(key, value, Aad.environment(field));
    }

    /**
     * An environment field sealed under {@code previous} (what this home registered before a rotation),
     * sealed under this key instead.
     *
     * @throws dev.baton.protocol.seal.SealException when it was not sealed under {@code previous}
     */
    public String resealEnvironmentField(ContentKey previous, String field, String sealed) {
        return sealed == null
                ? null
                : sealEnvironmentField(field, Seal.openText(previous.key, sealed, Aad.environment(field)));
    }
}
