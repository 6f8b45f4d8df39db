package dev.baton.protocol.seal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the content key delivery vector, conformance/sealed/content-key-wrap.json, and its refused variant
 * under conformance/sealed/refused/content-key-wrap/ (run by hand from protocol/ like {@link SealVectors}).
 * The P-256 key pairs are fixed, made once with the JDK; {@link KeyDeliveryVectorsTest} recomputes every field.
 */
public final class KeyDeliveryVectors {
    static final String DEVICE = "dev_vectors";
    static final byte[] PREVIOUS_CONTENT_KEY = SealVectors.CONTENT_KEY;
    static final byte[] NEW_CONTENT_KEY = SealVectors.digest("baton conformance new content key");
    static final KeyPair DEVICE_KEYS = keyPair(
            "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCDZ8D6E4_3aC8GdgRGF-P_rqG0xh7J-ciy0jkAN67md_A",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERsOx5LoIRvHxlzBDJQ0Sti6vUKy4jb-feJzYQfYb6IkHn3JXtEDaOUWdRFINbPbcfZs2bElYHQB5eOZUN-Paww");
    static final KeyPair EPHEMERAL_KEYS = keyPair(
            "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCB152DGrj3SSZ-MNmgUNtWl1JwbSyirIeu9Y8vcIX9UBg",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3nfj0Y0B8vsXM4r5waqTaG108n4pdIIf4LcJ-CjEKTOqCDYRHSs4dQWA9s4y2vM4UzHpTzkFu0suecY3-ofSrw");
    static final byte[] NONCE = SealVectors.Vector.nonce(30);

    private KeyDeliveryVectors() {}

    static ContentKeyDelivery delivery() {
        return KeyDelivery.deliver(
                PREVIOUS_CONTENT_KEY, NEW_CONTENT_KEY, DEVICE, devicePublicKey(), EPHEMERAL_KEYS, NONCE);
    }

    static String devicePublicKey() {
        return Seal.base64url(P256.raw(DEVICE_KEYS.getPublic()));
    }

    static ObjectNode vector() {
        ContentKeyDelivery delivery = delivery();
        String newKid = ContentKeyId.of(NEW_CONTENT_KEY);
        byte[] ephemeralRaw = P256.raw(EPHEMERAL_KEYS.getPublic());
        byte[] shared = P256.sharedSecret(EPHEMERAL_KEYS.getPrivate(), DEVICE_KEYS.getPublic());
        byte[] kek = KeyDelivery.kek(shared, ephemeralRaw, DEVICE, newKid);
        AgreementKey agreementKey = KeyDelivery.agreementKey(PREVIOUS_CONTENT_KEY, DEVICE, devicePublicKey());

        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put(
                "description",
                "a new content key delivered to one device: the device's agreement key and its proof under the"
                        + " previous content key; ECDH(ephemeral private, device public) = sharedSecret (the X"
                        + " coordinate); kek = HKDF-SHA256(ikm sharedSecret, salt the raw ephemeral public key,"
                        + " info hkdfInfo, 32 bytes); blob = the new content key sealed under kek with aad; auth ="
                        + " HMAC-SHA256(previous content key, authMessage). key/nonce/aad/plaintextBase64url/blob"
                        + " are the seal, as in every sealed vector");
        node.put("key", Seal.base64url(kek));
        node.put("nonce", Seal.base64url(NONCE));
        node.put("aad", Aad.contentKey(DEVICE, newKid));
        node.set("aadParts", Json.MAPPER.valueToTree(Map.of("deviceId", DEVICE, "kid", newKid)));
        node.put("plaintextBase64url", Seal.base64url(NEW_CONTENT_KEY));
        node.put("blob", delivery.wrapped());
        node.put("deviceId", DEVICE);
        node.put(
                "devicePrivateKeyPkcs8", Seal.base64url(DEVICE_KEYS.getPrivate().getEncoded()));
        node.set("devicePrivateKeyJwk", jwk(DEVICE_KEYS));
        node.put("devicePublicKey", devicePublicKey());
        node.put("previousContentKey", Seal.base64url(PREVIOUS_CONTENT_KEY));
        node.put("previousKid", ContentKeyId.of(PREVIOUS_CONTENT_KEY));
        node.put("newContentKey", Seal.base64url(NEW_CONTENT_KEY));
        node.put("newKid", newKid);
        node.put("proofMessage", Aad.deviceKey(DEVICE, devicePublicKey()));
        node.set("agreementKey", Json.MAPPER.valueToTree(agreementKey));
        node.put(
                "ephemeralPrivateKeyPkcs8",
                Seal.base64url(EPHEMERAL_KEYS.getPrivate().getEncoded()));
        node.set("ephemeralPrivateKeyJwk", jwk(EPHEMERAL_KEYS));
        node.put("ephemeralPublicKey", Seal.base64url(ephemeralRaw));
        node.put("sharedSecret", Seal.base64url(shared));
        node.put("hkdfInfo", Aad.contentKey(DEVICE, newKid));
        node.put("kek", Seal.base64url(kek));
        node.put("authMessage", Aad.contentKeyAuth(DEVICE, newKid, delivery.ephemeralPublicKey(), delivery.wrapped()));
        node.put("auth", delivery.auth());
        node.set("delivery", Json.MAPPER.valueToTree(delivery));
        node.set("delivered", Json.MAPPER.valueToTree(delivery.delivered()));
        return node;
    }

    /** Deliveries a device must refuse, by file name: each is the vector's delivery with one thing changed. */
    static Map<String, ObjectNode> refused() {
        ContentKeyDelivery delivery = delivery();
        String auth = delivery.auth();
        char flipped = auth.charAt(10) == 'A' ? 'B' : 'A';
        Map<String, ObjectNode> refused = new LinkedHashMap<>();
        refused.put(
                "altered-auth",
                refusal(
                        "one character of auth changed: it does not hold under the previous content key",
                        new ContentKeyDelivery(
                                delivery.deviceId(),
                                delivery.kid(),
                                delivery.previousKid(),
                                delivery.ephemeralPublicKey(),
                                delivery.wrapped(),
                                auth.substring(0, 10) + flipped + auth.substring(11))));
        return refused;
    }

    private static ObjectNode refusal(String description, ContentKeyDelivery delivery) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("description", description);
        node.put("deviceId", DEVICE);
        node.put(
                "devicePrivateKeyPkcs8", Seal.base64url(DEVICE_KEYS.getPrivate().getEncoded()));
        node.set("devicePrivateKeyJwk", jwk(DEVICE_KEYS));
        node.put("previousContentKey", Seal.base64url(PREVIOUS_CONTENT_KEY));
        node.set("delivered", Json.MAPPER.valueToTree(delivery.delivered()));
        return node;
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0], "sealed", "content-key-wrap.json"), vector());
        for (Map.Entry<String, ObjectNode> entry : refused().entrySet()) {
            write(
                    Path.of(args[0], "sealed", "refused", "content-key-wrap", entry.getKey() + ".json"),
                    entry.getValue());
        }
    }

    private static void write(Path file, ObjectNode node) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    }

    /** The private key as a JWK ({@code kty, crv, d, x, y}), the form Web Crypto imports an ECDH key from. */
    static ObjectNode jwk(KeyPair keys) {
        byte[] raw = P256.raw(keys.getPublic());
        ObjectNode jwk = Json.MAPPER.createObjectNode();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("d", Seal.base64url(fixed(((ECPrivateKey) keys.getPrivate()).getS())));
        jwk.put("x", Seal.base64url(Arrays.copyOfRange(raw, 1, 33)));
        jwk.put("y", Seal.base64url(Arrays.copyOfRange(raw, 33, 65)));
        return jwk;
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return fixed;
    }

    private static KeyPair keyPair(String pkcs8, String spki) {
        try {
            PrivateKey privateKey = P256.privateKey(Base64.getUrlDecoder().decode(pkcs8));
            PublicKey publicKey = KeyFactory.getInstance("EC")
                    .generatePublic(
                            new X509EncodedKeySpec(Base64.getUrlDecoder().decode(spki)));
            return new KeyPair(publicKey, privateKey);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
