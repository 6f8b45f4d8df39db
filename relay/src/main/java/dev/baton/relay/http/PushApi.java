package dev.baton.relay.http;

import com.interaso.webpush.CryptoKt;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.PushNotify;
import dev.baton.protocol.relay.RelayApi.PushSetting;
import dev.baton.protocol.relay.RelayApi.PushSubscription;
import dev.baton.protocol.relay.RelayApi.VapidKey;
import dev.baton.relay.store.PushSubscriptionRecord;
import dev.baton.relay.store.RelayStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Extension: a device's Web Push subscription ({@code POST/DELETE /v1/devices/current/push}) and the key
 * its browser subscribes with ({@code GET /v1/push/vapid-key}).
 */
final class PushApi {
    /** Push service URLs are a few hundred characters; browsers cap theirs well below this. */
    static final int ENDPOINT = 2048;

    private static final int KEY = 200;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[.*]|.*:.*");

    private final RelayStore store;
    private final String applicationServerKey;
    private final boolean pushToLoopback;
    private final Clock clock;

    /** @param pushToLoopback also accept {@code http://127.0.0.1} endpoints (tests) */
    PushApi(RelayStore store, String applicationServerKey, boolean pushToLoopback, Clock clock) {
        this.store = store;
        this.applicationServerKey = applicationServerKey;
        this.pushToLoopback = pushToLoopback;
        this.clock = clock;
    }

    VapidKey vapidKey() {
        return new VapidKey(applicationServerKey);
    }

    void subscribe(DeviceApi.Caller caller, PushSubscription body) {
        String endpoint = endpoint(body.endpoint());
        if (body.keys() == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "keys is required");
        }
        String p256dh = key("keys.p256dh", body.keys().p256dh(), 65);
        String auth = key("keys.auth", body.keys().auth(), 16);
        try {
            // The JDK's ECDH checks that the point is on the curve, which merely decoding it does not.
            byte[] point = Base64.getUrlDecoder().decode(p256dh);
            if (point[0] != 4) {
                throw new IllegalArgumentException("not an uncompressed point");
            }
            CryptoKt.generateEcdhSharedSecret(
                    (ECPrivateKey) CryptoKt.generateSecp256r1KeyPair().getPrivate(),
                    CryptoKt.generatePublicKeyFromUncompressedBytes(point));
        } catch (Exception notAPoint) { // Kotlin passes on the JDK's checked InvalidKeyException
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "keys.p256dh: expected a P-256 public key");
        }
        PushNotify notify = body.notifyOn() == null ? PushNotify.PROMPTS : body.notifyOn();
        store.putPushSubscription(new PushSubscriptionRecord(
                caller.deviceId(), caller.accountId(), endpoint, p256dh, auth, notify, clock.instant()));
    }

    PushSetting setting(DeviceApi.Caller caller) {
        return store.pushSubscription(caller.deviceId())
                .map(subscription -> new PushSetting(subscription.notifyOn()))
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "this device has no push subscription"));
    }

    void unsubscribe(DeviceApi.Caller caller) {
        store.deletePushSubscription(caller.deviceId());
    }

    /**
     * An https URL on a host name: the relay POSTs to it, so it must not be a way to reach addresses
     * behind the relay (an IP literal, localhost). Tests may allow {@code http://127.0.0.1}.
     */
    private String endpoint(String value) {
        if (value == null || value.isBlank()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "endpoint is required");
        }
        Limits.check("endpoint", value, ENDPOINT);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "endpoint: expected a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "endpoint: expected a push service URL");
        }
        if (pushToLoopback && scheme.equals("http") && host.equals("127.0.0.1")) {
            return value;
        }
        if (!scheme.equals("https")
                || host.isEmpty()
                || host.equals("localhost")
                || host.endsWith(".localhost")
                || IP_LITERAL.matcher(host).matches()) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST,
                    "endpoint: expected an https URL of a push service (a host name, not an address)");
        }
        return value;
    }

    private static String key(String field, String value, int bytes) {
        if (value == null || value.isBlank()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, field + " is required");
        }
        Limits.check(field, value, KEY);
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, field + ": expected base64url");
        }
        if (decoded.length != bytes) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, field + ": expected " + bytes + " bytes, got " + decoded.length);
        }
        return value;
    }
}
