package dev.baton.relay.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens and ids, and the one hash tokens are stored under. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    /** 256 random bits, base64url, behind a human-readable prefix. */
    public static String token(String prefix) {
        return prefix + random(32);
    }

    /** An id that matches the session id pattern {@code [A-Za-z0-9_-]{8,64}}. */
    public static String id(String prefix) {
        return prefix + random(12);
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Constant-time comparison of a stored hex hash with a computed one. */
    public static boolean matches(String storedHex, byte[] computed) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(storedHex), computed);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return BASE64URL.encodeToString(value);
    }
}
