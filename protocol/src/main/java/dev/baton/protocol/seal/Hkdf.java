package dev.baton.protocol.seal;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) on the JDK's HMAC, which has no HKDF of its own before Java 24: extract, then
 * expand; browsers derive the same bytes with Web Crypto's {@code HKDF}.
 */
final class Hkdf {
    private static final int HASH_BYTES = 32;

    private Hkdf() {}

    static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length > 255 * HASH_BYTES) {
            throw new IllegalArgumentException("HKDF-SHA256 gives at most " + 255 * HASH_BYTES + " bytes");
        }
        byte[] prk = hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt, ikm);
        ByteArrayOutputStream okm = new ByteArrayOutputStream(length + HASH_BYTES);
        byte[] block = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            input.writeBytes(block);
            input.writeBytes(info);
            input.write(i);
            block = hmac(prk, input.toByteArray());
            okm.writeBytes(block);
        }
        return Arrays.copyOf(okm.toByteArray(), length);
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JDK", e);
        }
    }
}
