package dev.baton.relay.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashes: Argon2id with Spring Security's current defaults (16-byte salt, 32-byte hash, 16 MiB,
 * 2 iterations), kept in the encoder's self-describing {@code $argon2id$v=19$m=…} form so stronger
 * parameters later still verify the old hashes.
 */
final class Passwords {
    /** Long enough to resist guessing behind the sign-in rate limit, short enough to type on a phone. */
    static final int MIN_LENGTH = 8;

    static final int MAX_LENGTH = 1024;

    private static final Argon2PasswordEncoder ENCODER = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    /** Verified when the user is unknown, so a wrong name costs as long as a wrong password. */
    private static final String DECOY = ENCODER.encode("no user has this password");

    private Passwords() {}

    static String hash(String password) {
        return ENCODER.encode(password);
    }

    static boolean matches(String password, String hash) {
        return ENCODER.matches(password, hash);
    }

    /** Spends the time of one verification and answers false. */
    static boolean decoy(String password) {
        ENCODER.matches(password, DECOY);
        return false;
    }
}
