package dev.baton.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The content key delivery vector, recomputed field by field from its own inputs (the web client's tests
 * recompute it with Web Crypto), and the file is exactly what {@link KeyDeliveryVectors} writes.
 */
class KeyDeliveryVectorsTest {
    private static final Path FILE = Path.of("../conformance/sealed/content-key-wrap.json");
    private static final Path REFUSED = Path.of("../conformance/sealed/refused/content-key-wrap");

    @Test
    void theFileIsWhatTheGeneratorWrites() throws IOException {
        assertThat(read(FILE))
                .as("conformance/sealed/content-key-wrap.json is stale: rerun KeyDeliveryVectors")
                .isEqualTo(KeyDeliveryVectors.vector());
        assertThat(read(REFUSED.resolve("altered-auth.json")))
                .isEqualTo(KeyDeliveryVectors.refused().get("altered-auth"));
    }

    @Test
    void everyFieldFollowsFromTheInputs() throws IOException {
        JsonNode v = read(FILE);
        String device = v.path("deviceId").asText();
        byte[] previous = bytes(v, "previousContentKey");
        byte[] next = bytes(v, "newContentKey");
        String newKid = v.path("newKid").asText();
        assertThat(v.path("previousKid").asText()).isEqualTo(ContentKeyId.of(previous));
        assertThat(newKid).isEqualTo(ContentKeyId.of(next));

        PrivateKey devicePrivate = P256.privateKey(bytes(v, "devicePrivateKeyPkcs8"));
        PrivateKey ephemeralPrivate = P256.privateKey(bytes(v, "ephemeralPrivateKeyPkcs8"));
        byte[] devicePublic = bytes(v, "devicePublicKey");
        byte[] ephemeralPublic = bytes(v, "ephemeralPublicKey");
        assertThat(devicePublic).hasSize(65).startsWith(4);
        assertThat(v.path("devicePrivateKeyJwk").path("x").asText()
                        + v.path("devicePrivateKeyJwk").path("y").asText())
                .isEqualTo(Seal.base64url(java.util.Arrays.copyOfRange(devicePublic, 1, 33))
                        + Seal.base64url(java.util.Arrays.copyOfRange(devicePublic, 33, 65)));

        // Both ends of the agreement reach the same secret: the key pairs are the ones the file names.
        byte[] shared = P256.sharedSecret(ephemeralPrivate, P256.publicKey(devicePublic));
        assertThat(P256.sharedSecret(devicePrivate, P256.publicKey(ephemeralPublic)))
                .isEqualTo(shared);
        assertThat(shared).isEqualTo(bytes(v, "sharedSecret")).hasSize(32);

        String info = Aad.contentKey(device, newKid);
        assertThat(v.path("hkdfInfo").asText())
                .isEqualTo(info)
                .isEqualTo(v.path("aad").asText());
        byte[] kek = KeyDelivery.kek(shared, ephemeralPublic, device, newKid);
        assertThat(kek).isEqualTo(bytes(v, "kek")).isEqualTo(bytes(v, "key"));
        assertThat(Seal.open(kek, v.path("blob").asText(), info))
                .isEqualTo(next)
                .isEqualTo(bytes(v, "plaintextBase64url"));
        assertThat(Seal.seal(kek, bytes(v, "nonce"), next, info))
                .isEqualTo(v.path("blob").asText());

        String authMessage = Aad.contentKeyAuth(
                device,
                newKid,
                v.path("ephemeralPublicKey").asText(),
                v.path("blob").asText());
        assertThat(v.path("authMessage").asText()).isEqualTo(authMessage);
        assertThat(v.path("auth").asText()).isEqualTo(Seal.base64url(KeyDelivery.hmac(previous, authMessage)));

        AgreementKey agreementKey = Json.MAPPER.treeToValue(v.path("agreementKey"), AgreementKey.class);
        assertThat(v.path("proofMessage").asText())
                .isEqualTo(Aad.deviceKey(device, v.path("devicePublicKey").asText()));
        assertThat(agreementKey.publicKey()).isEqualTo(v.path("devicePublicKey").asText());
        assertThat(agreementKey.kid()).isEqualTo(ContentKeyId.of(previous));
        assertThat(agreementKey.proof())
                .hasSize(43)
                .isEqualTo(Seal.base64url(
                        KeyDelivery.hmac(previous, v.path("proofMessage").asText())));
        assertThat(KeyDelivery.proofHolds(previous, device, agreementKey)).isTrue();
        assertThat(KeyDelivery.proofHolds(previous, "dev_other", agreementKey)).isFalse();
        assertThat(KeyDelivery.proofHolds(next, device, agreementKey)).isFalse();

        DeliveredContentKey delivered = Json.MAPPER.treeToValue(v.path("delivered"), DeliveredContentKey.class);
        assertThat(KeyDelivery.open(previous, devicePrivate, device, delivered)).isEqualTo(next);
    }

    @Test
    void theRefusedDeliveryDoesNotOpen() throws IOException {
        JsonNode v = read(REFUSED.resolve("altered-auth.json"));
        DeliveredContentKey delivered = Json.MAPPER.treeToValue(v.path("delivered"), DeliveredContentKey.class);
        assertThatThrownBy(() -> KeyDelivery.open(
                        bytes(v, "previousContentKey"),
                        P256.privateKey(bytes(v, "devicePrivateKeyPkcs8")),
                        v.path("deviceId").asText(),
                        delivered))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("auth");
    }

    @Test
    void aDeliveryForAnotherDeviceDoesNotOpen() throws IOException {
        JsonNode v = read(FILE);
        DeliveredContentKey delivered = Json.MAPPER.treeToValue(v.path("delivered"), DeliveredContentKey.class);
        assertThatThrownBy(() -> KeyDelivery.open(
                        bytes(v, "previousContentKey"),
                        P256.privateKey(bytes(v, "devicePrivateKeyPkcs8")),
                        "dev_other",
                        delivered))
                .isInstanceOf(SealException.class);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = Hkdf.sha256(
                hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"),
                42);
        assertThat(hex.formatHex(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void aPublicKeyOffTheCurveIsRefused() {
        byte[] raw = Base64.getUrlDecoder().decode(KeyDeliveryVectors.devicePublicKey());
        raw[64] ^= 1;
        assertThatThrownBy(() -> P256.publicKey(raw))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("not a point of the curve");
        assertThatThrownBy(() -> P256.publicKey(new byte[33]))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("65 bytes");
    }

    private static JsonNode read(Path file) throws IOException {
        return Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(JsonNode node, String field) {
        return Base64.getUrlDecoder().decode(node.path(field).asText());
    }
}
