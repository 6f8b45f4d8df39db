package dev.baton.protocol.seal;

import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * How a new content key reaches the devices that remain after one was revoked, through a relay that must
 * not learn it nor hand a device a key of its own: each device registers a P-256 public key with a proof
 * made under the content key it holds ({@link #proof}); the backend seals the new key to that public key
 * (ECDH with a one-use key of its own, HKDF-SHA256, AES-256-GCM) and authenticates the delivery under the
 * previous content key ({@code auth}), which the device checks before it trusts anything in it.
 */
public final class KeyDelivery {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyDelivery() {}

    /** A device's agreement key, proved under the content key it holds. */
    public static AgreementKey agreementKey(byte[] contentKey, String deviceId, String publicKey) {
        return new AgreementKey(publicKey, ContentKeyId.of(contentKey), proof(contentKey, deviceId, publicKey));
    }

    public static String proof(byte[] contentKey, String deviceId, String publicKey) {
        return Seal.base64url(hmac(contentKey, Aad.deviceKey(deviceId, publicKey)));
    }

    /** Whether {@code key} was registered for {@code deviceId} by a holder of {@code contentKey}; constant time. */
    public static boolean proofHolds(byte[] contentKey, String deviceId, AgreementKey key) {
        return key.kid().equals(ContentKeyId.of(contentKey))
                && matches(hmac(contentKey, Aad.deviceKey(deviceId, key.publicKey())), key.proof());
    }

    /**
     * The new content key for one device, sealed to its agreement key with a fresh one-use key pair.
     *
     * @throws SealException when the device's public key is not a P-256 point
     */
    public static ContentKeyDelivery deliver(
            byte[] previousContentKey, byte[] newContentKey, String deviceId, String devicePublicKey) {
        byte[] nonce = new byte[Seal.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return deliver(previousContentKey, newContentKey, deviceId, devicePublicKey, P256.generate(), nonce);
    }

    /** With the one-use key pair and nonce of the caller's choosing: only for fixed test vectors. */
    static ContentKeyDelivery deliver(
            byte[] previousContentKey,
            byte[] newContentKey,
            String deviceId,
            String devicePublicKey,
            KeyPair ephemeral,
            byte[] nonce) {
        String kid = ContentKeyId.of(newContentKey);
        byte[] ephemeralRaw = P256.raw(ephemeral.getPublic());
        byte[] shared = P256.sharedSecret(ephemeral.getPrivate(), P256.publicKey(Seal.fromBase64url(devicePublicKey)));
        String wrapped = Seal.seal(
                kek(shared, ephemeralRaw, deviceId, kid), nonce, newContentKey, Aad.contentKey(deviceId, kid));
        String ephemeralPublicKey = Seal.base64url(ephemeralRaw);
        return new ContentKeyDelivery(
                deviceId,
                kid,
                ContentKeyId.of(previousContentKey),
                ephemeralPublicKey,
                wrapped,
                auth(previousContentKey, deviceId, kid, ephemeralPublicKey, wrapped));
    }

    /**
     * What a device does with a delivery: checks it under the content key it held before, opens it with its
     * private key, and checks the result is the key {@code kid} names.
     *
     * @throws SealException when any of that fails: the delivery is not to be used
     */
    public static byte[] open(
            byte[] previousContentKey, PrivateKey devicePrivateKey, String deviceId, DeliveredContentKey key) {
        if (!key.previousKid().equals(ContentKeyId.of(previousContentKey))) {
            throw new SealException("the delivery is authenticated under content key " + key.previousKid());
        }
        if (!matches(
                hmac(
                        previousContentKey,
                        Aad.contentKeyAuth(deviceId, key.kid(), key.ephemeralPublicKey(), key.wrapped())),
                key.auth())) {
            throw new SealException("the delivery's auth does not hold under the previous content key");
        }
        byte[] ephemeralRaw = decode(key.ephemeralPublicKey());
        byte[] shared = P256.sharedSecret(devicePrivateKey, P256.publicKey(ephemeralRaw));
        byte[] contentKey = Seal.open(
                kek(shared, ephemeralRaw, deviceId, key.kid()), key.wrapped(), Aad.contentKey(deviceId, key.kid()));
        if (!ContentKeyId.of(contentKey).equals(key.kid())) {
            throw new SealException("the delivered key is not the content key " + key.kid());
        }
        return contentKey;
    }

    /** The key a delivery is sealed under: HKDF-SHA256(ikm = the ECDH secret, salt = the one-use public key). */
    public static byte[] kek(byte[] sharedSecret, byte[] ephemeralPublicKey, String deviceId, String kid) {
        return Hkdf.sha256(
                sharedSecret,
                ephemeralPublicKey,
                Aad.contentKey(deviceId, kid).getBytes(StandardCharsets.UTF_8),
                Seal.KEY_BYTES);
    }

    public static String auth(
            byte[] previousContentKey, String deviceId, String kid, String ephemeralPublicKey, String wrapped) {
        return Seal.base64url(hmac(previousContentKey, Aad.contentKeyAuth(deviceId, kid, ephemeralPublicKey, wrapped)));
    }

    static byte[] hmac(byte[] key, String message) {
        return Hkdf.hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean matches(byte[] expected, String given) {
        byte[] bytes;
        try {
            bytes = Seal.fromBase64url(given);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, bytes);
    }

    private static byte[] decode(String base64url) {
        try {
            return Seal.fromBase64url(base64url);
        } catch (IllegalArgumentException e) {
            throw new SealException("a key is not base64url", e);
        }
    }
}
