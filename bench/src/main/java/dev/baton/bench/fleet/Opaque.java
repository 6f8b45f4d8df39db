package dev.baton.bench.fleet;

import dev.baton.protocol.SessionKey;
import dev.baton.protocol.seal.Seal;
import java.util.Base64;

/**
 * Content sealed under a key nobody keeps, for simulated hosts and echo peers: the relay cannot tell it
 * from a real session's (it reads only the clear header), and it weighs what a real session's does, so the
 * figures measure the bytes a real deployment moves. No device here opens it.
 */
public final class Opaque {
    private static final byte[] KEY = Seal.newKey();

    private Opaque() {}

    /** {@code plaintext} sealed as a backend would seal it (same length; the associated data is irrelevant). */
    public static String seal(String plaintext) {
        return Seal.sealText(KEY, plaintext, "baton/2/bench");
    }

    /** The key as a pairing URL's fragment carries it ({@code &key=}), for a device that never opens anything. */
    public static String contentKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(KEY);
    }

    /** A wrapped data key of the real length, for a simulated host's hello. */
    public static SessionKey key() {
        return new SessionKey("bench-content-key", Seal.seal(KEY, Seal.newKey(), "baton/2/bench"));
    }
}
