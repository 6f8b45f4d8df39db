package dev.baton.protocol.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one authenticated cipher of the wire: AES-256-GCM from the JDK (browsers use Web Crypto's
 * {@code AES-GCM} with the same layout). A sealed blob is {@code base64url_nopad(nonce[12] || ciphertext
 * || tag[16])} with a fresh random nonce per seal; the associated data ({@link Aad}) binds it to where it
 * belongs, so a blob moved to another session, seq or field does not open.
 */
public final class Seal {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Seal() {}

    /** A fresh key: a content key or a session's data key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static String seal(byte[] key, byte[] plaintext, String aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return seal(key, nonce, plaintext, aad);
    }

    public static String sealText(byte[] key, String plaintext, String aad) {
        return seal(key, plaintext.getBytes(StandardCharsets.UTF_8), aad);
    }

    /** With a nonce of the caller's choosing: only for fixed test vectors, where the output must not vary. */
    static String seal(byte[] key, byte[] nonce, byte[] plaintext, String aad) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] blob = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, blob, NONCE_BYTES, sealed.length);
            return ENCODER.encodeToString(blob);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
        }
    }

    /** @throws SealException when the blob does not open under this key and associated data */
    public static byte[] open(byte[] key, String blob, String aad) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(blob);
        } catch (IllegalArgumentException e) {
            throw new SealException("a sealed value is not base64url", e);
        }
        if (bytes.length < NONCE_BYTES + TAG_BYTES) {
            throw new SealException("a sealed value is " + bytes.length + " bytes, shorter than a nonce and a tag");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(bytes, NONCE_BYTES), aad);
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealException(
                    "a sealed value did not open: wrong key, or its bytes or associated data were altered", e);
        } catch (GeneralSecurityException e) {
            throw new SealException("a sealed value did not open: " + e.getMessage(), e);
        }
    }

    public static String openText(byte[] key, String blob, String aad) {
        return new String(open(key, blob, aad), StandardCharsets.UTF_8);
    }

    /** The length of the blob that seals {@code plaintextBytes} bytes, for limits that must allow it. */
    public static int sealedLength(int plaintextBytes) {
        return ((NONCE_BYTES + plaintextBytes + TAG_BYTES) * 4 + 2) / 3;
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String aad) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new SealException("a key is " + key.length + " bytes, not " + KEY_BYTES);
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    static String base64url(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    static byte[] fromBase64url(String text) {
        return DECODER.decode(text);
    }
}
