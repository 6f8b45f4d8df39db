package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDeliveries;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKeys;
import dev.baton.protocol.seal.P256;
import dev.baton.protocol.seal.Seal;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.RelayStore;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Extension: what lets a backend hand a new content key to the devices that remain after one was revoked,
 * through this relay without it learning the key: each device's agreement key, and the keys delivered to
 * it. The relay checks only their shape; the proofs and seals in them are for the device and the backend.
 */
final class ContentKeyApi {
    /** A content key's id: 16 base64url characters. */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{16}");
    /** An HMAC-SHA256, base64url without padding. */
    private static final int MAC_CHARACTERS = 43;
    /** A sealed 32-byte content key: nonce, key and tag. */
    private static final int WRAPPED_BYTES = Seal.NONCE_BYTES + Seal.KEY_BYTES + Seal.TAG_BYTES;
    /** More deliveries than an account can have devices is a mistake. */
    static final int MAX_DELIVERIES = 500;

    private final RelayStore store;

    ContentKeyApi(RelayStore store) {
        this.store = store;
    }

    /** {@code PUT /v1/devices/current/agreement-key}: registers the calling device's key under {@code kid}, beside those under other kids. */
    void putAgreementKey(DeviceApi.Caller caller, AgreementKey body) {
        publicKey("publicKey", body.publicKey());
        kid("kid", body.kid());
        mac("proof", body.proof());
        store.putAgreementKey(caller.deviceId(), body);
    }

    /** {@code GET /v1/devices/current/content-keys}: what backends delivered to the calling device, newest first. */
    DeliveredContentKeys contentKeys(DeviceApi.Caller caller) {
        return new DeliveredContentKeys(store.contentKeys(caller.deviceId()));
    }

    /**
     * {@code POST /v1/environments/{id}/content-keys}. A delivery for a device that is not (or no longer) one
     * of the environment's account is dropped: it was revoked meanwhile, or never the backend's to reach.
     */
    void deliver(EnvironmentRecord environment, ContentKeyDeliveries body) {
        List<ContentKeyDelivery> deliveries = body.deliveries();
        if (deliveries == null) {
            throw badRequest("deliveries is required");
        }
        if (deliveries.size() > MAX_DELIVERIES) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE, "at most " + MAX_DELIVERIES + " deliveries at once; got " + deliveries.size());
        }
        for (int i = 0; i < deliveries.size(); i++) {
            check("deliveries[" + i + "].", deliveries.get(i));
        }
        for (ContentKeyDelivery delivery : deliveries) {
            boolean ours = store.device(delivery.deviceId())
                    .filter(device -> device.accountId().equals(environment.accountId()))
                    .isPresent();
            if (ours) {
                store.addContentKey(delivery.deviceId(), delivery.delivered());
            }
        }
    }

    private static void check(String at, ContentKeyDelivery delivery) {
        if (delivery == null) {
            throw badRequest(at.substring(0, at.length() - 1) + " is null");
        }
        if (delivery.deviceId() == null || delivery.deviceId().isBlank()) {
            throw badRequest(at + "deviceId is required");
        }
        Limits.check(at + "deviceId", delivery.deviceId(), Limits.CREDENTIAL);
        kid(at + "kid", delivery.kid());
        kid(at + "previousKid", delivery.previousKid());
        publicKey(at + "ephemeralPublicKey", delivery.ephemeralPublicKey());
        byte[] wrapped = base64url(at + "wrapped", delivery.wrapped());
        if (wrapped.length != WRAPPED_BYTES) {
            throw badRequest(at + "wrapped must be a sealed 32-byte key (" + WRAPPED_BYTES + " bytes); got "
                    + wrapped.length + " bytes");
        }
        mac(at + "auth", delivery.auth());
    }

    private static void publicKey(String field, String value) {
        byte[] raw = base64url(field, value);
        if (raw.length != P256.PUBLIC_KEY_BYTES || raw[0] != 4) {
            throw badRequest(field + " must be a raw uncompressed P-256 point (65 bytes starting with 4); got "
                    + raw.length + " bytes");
        }
    }

    private static void kid(String field, String value) {
        if (value == null || !KID.matcher(value).matches()) {
            throw badRequest(field + " must be a content key id (16 base64url characters)");
        }
    }

    private static void mac(String field, String value) {
        if (value == null || value.length() != MAC_CHARACTERS || base64url(field, value).length != 32) {
            throw badRequest(field + " must be an HMAC-SHA256 (43 base64url characters)");
        }
    }

    private static byte[] base64url(String field, String value) {
        if (value == null) {
            throw badRequest(field + " is required");
        }
        Limits.check(field, value, Limits.CREDENTIAL);
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw badRequest(field + " must be base64url without padding");
        }
    }

    private static ProtocolException badRequest(String message) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message);
    }
}
