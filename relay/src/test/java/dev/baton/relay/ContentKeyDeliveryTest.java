package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.frame.Frames.KeyFrame;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDeliveries;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKeys;
import dev.baton.protocol.relay.RelayApi.DeviceInfo;
import dev.baton.protocol.relay.RelayApi.DeviceList;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.relay.RelayApi.EnvironmentDeviceList;
import dev.baton.protocol.relay.RelayApi.UpdateEnvironment;
import dev.baton.protocol.seal.Aad;
import dev.baton.protocol.seal.ContentKeyId;
import dev.baton.protocol.seal.KeyDelivery;
import dev.baton.protocol.seal.P256;
import dev.baton.protocol.seal.Seal;
import dev.baton.protocol.seal.SessionSeal;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The relay's part in content-key rotation, over real HTTP and WebSockets: it keeps each device's agreement
 * key and what backends deliver to it, tells hosts when a device is revoked, and serves a session's key
 * under the kid its host last sent.
 */
class ContentKeyDeliveryTest {
    private static final String AGREEMENT_KEY = "/v1/devices/current/agreement-key";
    private static final String CONTENT_KEYS = "/v1/devices/current/content-keys";

    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    private final KeyPair phoneKeys = P256.generate();

    @Test
    void aDevicesAgreementKeyIsListedToTheBackendAndAKeyDeliveredToItIsFetchedOnlyByIt() {
        String phoneKey = P256.encode(phoneKeys.getPublic());
        AgreementKey registered = KeyDelivery.agreementKey(TestSeal.CONTENT_KEY, fixture.device.deviceId(), phoneKey);
        assertThat(put(fixture.device.deviceToken(), Json.write(registered)).status())
                .isEqualTo(204);
        fixture.clock.advance(Duration.ofSeconds(1)); // the list is ordered by pairing time
        var tablet = fixture.pair("tablet");

        List<EnvironmentDevice> devices = devices();
        assertThat(devices).extracting(EnvironmentDevice::agreementKeys).containsExactly(List.of(registered), null);
        assertThat(fixture.http
                        .get("/v1/devices", fixture.device.deviceToken())
                        .as(DeviceList.class)
                        .devices())
                .as("the Devices screen can tell who would have to pair again")
                .extracting(DeviceInfo::agreementKids)
                .containsExactly(List.of(registered.kid()), null);

        // The phone also holds another machine's content key, and registers under it too.
        AgreementKey underDesktop = KeyDelivery.agreementKey(Seal.newKey(), fixture.device.deviceId(), phoneKey);
        assertThat(put(fixture.device.deviceToken(), Json.write(underDesktop)).status())
                .isEqualTo(204);
        EnvironmentDevice phone = devices().get(0);
        assertThat(phone.agreementKeys())
                .as("every machine's backend finds the registration under its own key")
                .containsExactly(underDesktop, registered);
        assertThat(fixture.http
                        .get("/v1/devices", fixture.device.deviceToken())
                        .as(DeviceList.class)
                        .devices())
                .extracting(DeviceInfo::agreementKids)
                .containsExactly(List.of(underDesktop.kid(), registered.kid()), null);

        byte[] next = Seal.newKey();
        ContentKeyDelivery delivery =
                KeyDelivery.deliver(TestSeal.CONTENT_KEY, next, fixture.device.deviceId(), phoneKey);
        ContentKeyDelivery stranger = new ContentKeyDelivery(
                "dev_of_another_account",
                delivery.kid(),
                delivery.previousKid(),
                delivery.ephemeralPublicKey(),
                delivery.wrapped(),
                delivery.auth());
        assertThat(deliver(Json.write(new ContentKeyDeliveries(List.of(delivery, stranger))))
                        .status())
                .isEqualTo(204);

        Http.Reply mine = fixture.http.get(CONTENT_KEYS, fixture.device.deviceToken());
        assertThat(mine.status()).as(mine.text()).isEqualTo(200);
        DeliveredContentKeys keys = mine.as(DeliveredContentKeys.class);
        assertThat(keys.keys()).containsExactly(delivery.delivered());
        DeliveredContentKey delivered = keys.keys().get(0);
        assertThat(KeyDelivery.open(TestSeal.CONTENT_KEY, phoneKeys.getPrivate(), fixture.device.deviceId(), delivered))
                .as("what the relay hands back opens with the phone's key")
                .isEqualTo(next);
        assertThat(fixture.http
                        .get(CONTENT_KEYS, tablet.deviceToken())
                        .as(DeliveredContentKeys.class)
                        .keys())
                .isEmpty();

        assertThat(fixture.http
                        .delete("/v1/devices/" + fixture.device.deviceId(), tablet.deviceToken())
                        .status())
                .isEqualTo(204);
        assertThat(fixture.http.get(CONTENT_KEYS, fixture.device.deviceToken()).status())
                .isEqualTo(401);
        assertThat(devices()).extracting(EnvironmentDevice::id).containsExactly(tablet.deviceId());
    }

    @Test
    void badAgreementKeysAndDeliveriesAreRefusedWithTheFieldAtFault() {
        String good = P256.encode(phoneKeys.getPublic());
        String proof = KeyDelivery.proof(TestSeal.CONTENT_KEY, fixture.device.deviceId(), good);
        String kid = ContentKeyId.of(TestSeal.CONTENT_KEY);
        Map<String, String> refusals = Map.of(
                Json.write(new AgreementKey(good.substring(4), kid, proof)),
                "publicKey must be a raw uncompressed P-256 point (65 bytes starting with 4); got 62 bytes",
                Json.write(new AgreementKey("not base64!", kid, proof)),
                "publicKey must be base64url without padding",
                Json.write(new AgreementKey(good, "short", proof)),
                "kid must be a content key id (16 base64url characters)",
                Json.write(new AgreementKey(good, kid, proof + "A")),
                "proof must be an HMAC-SHA256 (43 base64url characters)",
                "{\"kid\":\"" + kid + "\",\"proof\":\"" + proof + "\"}",
                "publicKey is required");
        refusals.forEach((body, message) -> {
            Http.Reply reply = put(fixture.device.deviceToken(), body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.errorCode()).as(body).isEqualTo("bad_request");
            assertThat(reply.json().path("error").path("message").asText())
                    .as(body)
                    .isEqualTo(message);
        });

        ContentKeyDelivery delivery =
                KeyDelivery.deliver(TestSeal.CONTENT_KEY, Seal.newKey(), fixture.device.deviceId(), good);
        ContentKeyDelivery shortWrap = new ContentKeyDelivery(
                delivery.deviceId(),
                delivery.kid(),
                delivery.previousKid(),
                delivery.ephemeralPublicKey(),
                delivery.wrapped().substring(8),
                delivery.auth());
        Http.Reply reply = deliver(Json.write(new ContentKeyDeliveries(List.of(delivery, shortWrap))));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("message").asText())
                .isEqualTo("deliveries[1].wrapped must be a sealed 32-byte key (60 bytes); got 54 bytes");
        assertThat(deliver("{}").json().path("error").path("message").asText()).isEqualTo("deliveries is required");
        assertThat(fixture.http
                        .get(CONTENT_KEYS, fixture.device.deviceToken())
                        .as(DeliveredContentKeys.class)
                        .keys())
                .as("a refused batch stores none of it")
                .isEmpty();
        assertThat(put(null, Json.write(new AgreementKey(good, kid, proof))).status())
                .isEqualTo(401);
    }

    @Test
    void pairingOrRevokingADeviceTellsTheHostsOfItsAccount() {
        Stream host = fixture.hostWithHello(TestSeal.EPOCH, 0);
        var tablet = fixture.pair("tablet");
        host.next("devices_changed"); // paired: the backend learns the tablet exists

        fixture.http.delete("/v1/devices/" + tablet.deviceId(), fixture.device.deviceToken());

        assertThat(host.next("devices_changed").path("type").asText()).isEqualTo("devices_changed");
    }

    @Test
    void aHostsNewKeyIsWhatDevicesGetFromThenOn() {
        Stream host = fixture.hostWithHello(TestSeal.EPOCH, 0);
        byte[] next = Seal.newKey();
        byte[] dataKey = Seal.open(
                TestSeal.CONTENT_KEY,
                TestSeal.KEY.wrapped(),
                Aad.sessionKey(TestSeal.SESSION, ContentKeyId.of(TestSeal.CONTENT_KEY)));
        SessionKey rewrapped = SessionSeal.wrap(next, TestSeal.SESSION, dataKey);

        host.send(new KeyFrame(rewrapped));
        host.send(new dev.baton.protocol.frame.Frames.Ping());
        host.next("pong"); // the key frame before it was handled

        Stream device = fixture.device();
        device.send(new Subscribe(null));
        JsonNode sync = device.next("sync");
        assertThat(sync.path("key").path("kid").asText()).isEqualTo(ContentKeyId.of(next));
        assertThat(Json.MAPPER.convertValue(sync.path("key"), SessionKey.class)).isEqualTo(rewrapped);
        JsonNode listed = fixture.http
                .get("/v1/sessions", fixture.device.deviceToken())
                .json()
                .path("sessions")
                .get(0);
        assertThat(listed.path("key").path("kid").asText()).isEqualTo(ContentKeyId.of(next));
    }

    @Test
    void anEnvironmentsFieldsSealedAgainReplaceTheOldOnesInLists() {
        String path = "/v1/environments/" + fixture.environment.environmentId();
        String name = TestSeal.environment("name", "laptop, rotated");
        Http.Reply updated = fixture.http.call(
                "PUT",
                path,
                fixture.environment.environmentToken(),
                Json.write(new UpdateEnvironment(
                        name,
                        TestSeal.environment("hostname", "laptop.local"),
                        TestSeal.environment("directory", "/work"))));
        assertThat(updated.status()).as(updated.text()).isEqualTo(204);
        JsonNode listed = fixture.http
                .get("/v1/sessions", fixture.device.deviceToken())
                .json()
                .path("sessions")
                .get(0);
        assertThat(listed.path("environment").path("name").asText()).isEqualTo(name);

        Http.Reply tooLong = fixture.http.call(
                "PUT",
                path,
                fixture.environment.environmentToken(),
                Json.write(new UpdateEnvironment("x".repeat(5000), null, null)));
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.errorCode()).isEqualTo("too_large");
        assertThat(fixture.http
                        .call("PUT", path, fixture.device.deviceToken(), "{}")
                        .status())
                .as("a device may not")
                .isEqualTo(403);
    }

    @Test
    void aKeyFrameWithoutItsKeyIsRefusedAndTheSessionKeepsItsKey() {
        Stream host = fixture.hostWithHello(TestSeal.EPOCH, 0);

        host.sendText("{\"type\":\"key\",\"key\":{\"kid\":\"X_tjQndwxpmJL-yj\"}}");

        JsonNode error = host.next("error");
        assertThat(error.path("code").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).contains("wrapped");
        JsonNode listed = fixture.http
                .get("/v1/sessions", fixture.device.deviceToken())
                .json()
                .path("sessions")
                .get(0);
        assertThat(listed.path("key").path("kid").asText()).isEqualTo(TestSeal.KEY.kid());
    }

    private List<EnvironmentDevice> devices() {
        return fixture.http
                .get(
                        "/v1/environments/" + fixture.environment.environmentId() + "/devices",
                        fixture.environment.environmentToken())
                .as(EnvironmentDeviceList.class)
                .devices();
    }

    private Http.Reply put(String deviceToken, String body) {
        return fixture.http.call("PUT", AGREEMENT_KEY, deviceToken, body);
    }

    private Http.Reply deliver(String body) {
        return fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/content-keys",
                fixture.environment.environmentToken(),
                body);
    }
}
