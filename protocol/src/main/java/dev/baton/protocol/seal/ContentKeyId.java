package dev.baton.protocol.seal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The id ({@code kid}) of a content key, which tells a device which of the keys it holds opens a session. */
public final class ContentKeyId {
    private static final int LENGTH = 16;

    private ContentKeyId() {}

    /** The first 16 characters of base64url(SHA-256(key)). */
    public static String of(byte[] contentKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(contentKey);
            return Seal.base64url(digest).substring(0, LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }
}
