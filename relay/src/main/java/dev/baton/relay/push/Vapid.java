package dev.baton.relay.push;

import com.interaso.webpush.VapidKeys;
import dev.baton.protocol.Json;
import dev.baton.relay.store.RelayStore;
import java.util.Base64;

/**
 * The relay's VAPID key pair (RFC 8292), made once and kept in its store: with a data directory that is
 * the store's file, which only its owner may read (0600); the in-memory relay makes a new pair per run,
 * like everything else it holds. Push services bind a subscription to this public key, so it must not
 * change while subscriptions live.
 */
public final class Vapid {
    static final String SETTING = "vapidKeys";

    /** How the pair is kept: the library's own encodings (X.509 and PKCS#8, base64url). */
    record Stored(String publicKey, String privateKey) {}

    private Vapid() {}

    /** The stored pair, or a new one stored now. */
    public static VapidKeys load(RelayStore store) {
        return store.setting(SETTING)
                .map(json -> Json.decode(json, Stored.class))
                .map(stored -> VapidKeys.create(stored.publicKey(), stored.privateKey()))
                .orElseGet(() -> {
                    VapidKeys keys = VapidKeys.generate();
                    store.putSetting(
                            SETTING, Json.write(new Stored(keys.getX509PublicKey(), keys.getPkcs8PrivateKey())));
                    store.commit();
                    return keys;
                });
    }

    /** The public key as browsers take it ({@code applicationServerKey}): the uncompressed point, base64url. */
    public static String applicationServerKey(VapidKeys keys) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
    }
}
