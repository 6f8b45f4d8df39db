package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import dev.baton.protocol.relay.RelayApi.WorkItem;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The relay's HTTP API, the backend's calls and the devices', and the relay's extensions. */
class HttpApiTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void health() {
        Http.Reply health = fixture.http.get("/v1/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
        assertThat(health.json().path("protocol").asInt()).isEqualTo(2);
    }

    @Test
    void servesTheJsonSchemaOfItsProtocolVersionWithoutAToken() throws Exception {
        Http.Reply schema = fixture.http.get("/v2/schema.json", null);

        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.headers().get("Content-Type")).startsWith("application/schema+json");
        assertThat(schema.json().path("$id").asText()).endsWith("/v2/schema.json");
        // A relay speaks one version, so it serves no other version's schema.
        assertThat(fixture.http.get("/v1/schema.json", null).status()).isEqualTo(404);
        // The document readers find under docs/ is the one the relay speaks.
        assertThat(schema.json())
                .isEqualTo(dev.baton.protocol.Json.MAPPER.readTree(
                        java.nio.file.Files.readString(java.nio.file.Path.of("../docs/schema/v2.json"))));
    }

    @Test
    void sessionsResumeByIdAndStayPrivateToTheirAccount() {
        assertThat(fixture.session.url()).isEqualTo(fixture.relay.url() + "/s/session-one");
        SessionRegistration again = fixture.registerSession("session-one", null);
        assertThat(again.sessionId()).isEqualTo("session-one");
        assertThat(again.url()).isEqualTo(fixture.session.url());
        assertThat(again.sessionToken()).startsWith("bts_").isNotEqualTo(fixture.session.sessionToken());

        SessionRegistration generated = fixture.registerSession(null, "Untitled");
        assertThat(generated.sessionId()).matches("[A-Za-z0-9_-]{8,64}");

        fixture.accountToken = fixture.relay.createAccountToken("mallory");
        EnvironmentRegistration other = fixture.createEnvironment(SpawnMode.SINGLE_SESSION, 0);
        Http.Reply stolen = fixture.http.post(
                "/v1/environments/" + other.environmentId() + "/sessions",
                other.environmentToken(),
                Map.of("sessionId", "session-one"));
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.errorCode()).isEqualTo("session_not_found");
    }

    @Test
    void pairingCodesTravelOnlyInTheFragmentAndRedeemOnce() {
        Http.Reply pairing = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/pairings",
                fixture.environment.environmentToken(),
                Map.of("sessionId", "session-one"));
        Pairing code = pairing.as(Pairing.class);
        assertThat(code.pairingCode()).startsWith("btp_");
        assertThat(code.url()).isEqualTo(fixture.session.url() + "#pair=" + code.pairingCode());

        Map<String, String> redeem = Map.of("pairingCode", code.pairingCode(), "deviceName", "tablet");
        Http.Reply redeemed = fixture.http.post("/v1/pairings/redeem", null, redeem);
        assertThat(redeemed.status()).isEqualTo(200);
        assertThat(redeemed.as(DeviceRegistration.class).sessionId())
                .as("the session the link was made for, for a client that opened it without the path")
                .isEqualTo("session-one");
        Http.Reply twice = fixture.http.post("/v1/pairings/redeem", null, redeem);
        assertThat(twice.status()).isEqualTo(401);
        assertThat(twice.errorCode()).isEqualTo("ticket_used");
        assertThat(twice.errorMessage()).isEqualTo("this pairing code was already used; ask for a new one");

        Http.Reply fromDevice = fixture.http.post("/v1/pairings", fixture.device.deviceToken(), Map.of());
        assertThat(fromDevice.status()).isEqualTo(200);
        Pairing forNoSession = fromDevice.as(Pairing.class);
        assertThat(forNoSession.url()).startsWith(fixture.relay.url() + "/#pair=btp_");
        Http.Reply redeemedForNoSession =
                fixture.http.post("/v1/pairings/redeem", null, new RedeemPairing(forNoSession.pairingCode(), "laptop"));
        assertThat(redeemedForNoSession.as(DeviceRegistration.class).sessionId())
                .as("a link made for no session names none")
                .isNull();
    }

    @Test
    void devicesAreListedWithTheCallerMarkedCurrent() {
        fixture.clock.advance(java.time.Duration.ofSeconds(1)); // the list is ordered by pairing time
        var tablet = fixture.pair("tablet");
        Http.Reply list = fixture.http.get("/v1/devices", tablet.deviceToken());
        JsonNode devices = list.json().path("devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).path("name").asText()).isEqualTo("phone");
        assertThat(devices.get(0).path("current").asBoolean()).isFalse();
        assertThat(devices.get(1).path("id").asText()).isEqualTo(tablet.deviceId());
        assertThat(devices.get(1).path("current").asBoolean()).isTrue();
        assertThat(devices.get(1).path("lastSeen").asText()).isNotEmpty();

        Http.Reply foreign = fixture.http.delete("/v1/devices/dev_nobody", tablet.deviceToken());
        assertThat(foreign.status()).isEqualTo(404);
    }

    @Test
    void anEnvironmentListsItsAccountsDevicesWithoutRevokedOnesOrOtherAccounts() {
        fixture.clock.advance(java.time.Duration.ofSeconds(1)); // the list is ordered by pairing time
        var tablet = fixture.pair("tablet");
        EnvironmentRegistration laptop = fixture.environment;
        String path = "/v1/environments/" + laptop.environmentId() + "/devices";

        JsonNode devices =
                fixture.http.get(path, laptop.environmentToken()).json().path("devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).path("id").asText()).isEqualTo(fixture.device.deviceId());
        assertThat(devices.get(0).path("name").asText()).isEqualTo("phone");
        assertThat(devices.get(1).path("id").asText()).isEqualTo(tablet.deviceId());
        assertThat(devices.get(1).path("name").asText()).isEqualTo("tablet");
        assertThat(devices.get(1).path("createdAt").asText()).isNotEmpty();
        assertThat(devices.get(1).path("lastSeen").asText()).isNotEmpty();
        assertThat(devices.get(1).has("current"))
                .as("only a device is 'current'")
                .isFalse();

        assertThat(fixture.http
                        .delete("/v1/devices/" + tablet.deviceId(), fixture.device.deviceToken())
                        .status())
                .isEqualTo(204);
        assertThat(fixture.http.get(path, laptop.environmentToken()).json().path("devices"))
                .extracting(device -> device.path("name").asText())
                .containsExactly("phone");

        Http.Reply fromDevice = fixture.http.get(path, fixture.device.deviceToken());
        assertThat(fromDevice.status()).isEqualTo(403);
        assertThat(fromDevice.errorCode()).isEqualTo("insufficient_scope");

        fixture.accountToken = fixture.relay.createAccountToken("mallory");
        fixture.environment = fixture.createEnvironment(SpawnMode.SINGLE_SESSION, 0);
        fixture.pair("mallory's phone");
        Http.Reply theirs = fixture.http.get(
                "/v1/environments/" + fixture.environment.environmentId() + "/devices",
                fixture.environment.environmentToken());
        assertThat(theirs.json().path("devices"))
                .extracting(device -> device.path("name").asText())
                .containsExactly("mallory's phone");
        Http.Reply ours = fixture.http.get(path, fixture.environment.environmentToken());
        assertThat(ours.status()).isEqualTo(403);
        assertThat(ours.errorCode()).isEqualTo("insufficient_scope");
        assertThat(ours.text()).doesNotContain("phone");
    }

    @Test
    void lastSeenIsNotedAtMostOncePerMinute() {
        String token = fixture.device.deviceToken();
        String first = lastSeenOfCaller(token);

        fixture.clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(lastSeenOfCaller(token)).isEqualTo(first);

        fixture.clock.advance(java.time.Duration.ofSeconds(31));
        assertThat(java.time.Instant.parse(lastSeenOfCaller(token)))
                .isAfter(java.time.Instant.parse(first).plusSeconds(60));
    }

    private String lastSeenOfCaller(String deviceToken) {
        for (JsonNode device :
                fixture.http.get("/v1/devices", deviceToken).json().path("devices")) {
            if (device.path("current").asBoolean()) {
                return device.path("lastSeen").asText();
            }
        }
        throw new AssertionError("the caller is not in its own device list");
    }

    @Test
    void sessionSummaryDescribesTheSession() {
        Http.Reply reply = fixture.http.get("/v1/sessions", fixture.device.deviceToken());
        JsonNode summary = reply.json().path("sessions").get(0);
        assertThat(summary.path("id").asText()).isEqualTo("session-one");
        assertThat(TestSeal.openTitle(summary.path("title").asText())).isEqualTo("First");
        assertThat(summary.path("environment").path("id").asText()).isEqualTo(fixture.environment.environmentId());
        assertThat(TestSeal.openEnvironment(
                        "name", summary.path("environment").path("name").asText()))
                .isEqualTo("laptop");
        assertThat(summary.has("key")).as("no host has said hello yet").isFalse();
        assertThat(summary.path("environment").path("online").asBoolean()).isFalse();
        assertThat(summary.path("environment").path("spawnMode").asText()).isEqualTo("single-session");
        assertThat(summary.path("online").asBoolean()).isFalse();
        assertThat(summary.path("processing").asBoolean()).isFalse();
        assertThat(summary.path("pendingPermissions").asInt()).isZero();
        assertThat(summary.path("lastActivity").asText()).isNotEmpty();
    }

    @Test
    void workLongPollSpawnAndCapacity() {
        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.SAME_DIR, 1);
        String work = "/v1/environments/" + server.environmentId() + "/work?waitMs=";
        assertThat(fixture.http.get(work + "50", server.environmentToken()).status())
                .isEqualTo(204);

        Http.Reply spawned = fixture.http.post(
                "/v1/environments/" + server.environmentId() + "/spawn",
                fixture.device.deviceToken(),
                Map.of("title", TestSeal.spawnTitle(server.environmentId(), "New")));
        assertThat(spawned.status()).as(spawned.text()).isEqualTo(200);
        String sessionId = spawned.json().path("sessionId").asText();

        Http.Reply full = fixture.http.post(
                "/v1/environments/" + server.environmentId() + "/spawn", fixture.device.deviceToken(), Map.of());
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.errorCode()).isEqualTo("capacity_reached");

        WorkItem item =
                fixture.http.get(work + "5000", server.environmentToken()).as(WorkItem.class);
        assertThat(item.kind()).isEqualTo(WorkKind.CREATE);
        assertThat(item.sessionId()).isEqualTo(sessionId);
        assertThat(item.sessionToken()).startsWith("bts_");
        Http.Reply stillFull = fixture.http.post(
                "/v1/environments/" + server.environmentId() + "/spawn", fixture.device.deviceToken(), Map.of());
        assertThat(stillFull.errorCode())
                .as("a session picked up but not hosted yet keeps its slot")
                .isEqualTo("capacity_reached");
        assertThat(stillFull.errorMessage())
                .as("the environment's sealed name is no name to show")
                .startsWith("this environment already runs 1 of its 1")
                .contains("--capacity");

        // The environment polled just now, so devices see it online.
        JsonNode sessions = fixture.http
                .get("/v1/sessions", fixture.device.deviceToken())
                .json()
                .path("sessions");
        JsonNode spawnedSummary = java.util.stream.StreamSupport.stream(sessions.spliterator(), false)
                .filter(summary -> summary.path("id").asText().equals(sessionId))
                .findFirst()
                .orElseThrow();
        assertThat(spawnedSummary.has("title"))
                .as("the host has named it nothing yet")
                .isFalse();
        assertThat(TestSeal.openSpawnTitle(
                        server.environmentId(),
                        spawnedSummary.path("spawnTitle").asText()))
                .isEqualTo("New");
        assertThat(spawnedSummary.path("environment").path("online").asBoolean())
                .isTrue();
        assertThat(spawnedSummary.path("environment").path("spawnMode").asText())
                .isEqualTo("same-dir");

        Http.Reply single = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/spawn",
                fixture.device.deviceToken(),
                Map.of());
        assertThat(single.status()).isEqualTo(400);
        assertThat(single.errorMessage()).startsWith("this environment hosts a single session");
    }

    @Test
    void deviceOpeningAnUnhostedServerSessionAsksForAnAttach() {
        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.WORKTREE, 2);
        fixture.environment = server;
        fixture.session = fixture.registerSession("server-session", "Served");
        fixture.device().send(new Subscribe(null));

        Http.Reply reply = fixture.http.get(
                "/v1/environments/" + server.environmentId() + "/work?waitMs=5000", server.environmentToken());
        WorkItem item = reply.as(WorkItem.class);
        assertThat(item.kind()).isEqualTo(WorkKind.ATTACH);
        assertThat(item.sessionId()).isEqualTo("server-session");
    }

    @Test
    void environmentsRenewAndDelete() {
        String path = "/v1/environments/" + fixture.environment.environmentId();
        Http.Reply renewed = fixture.http.post(path + "/renew", fixture.environment.environmentToken(), Map.of());
        assertThat(renewed.status()).isEqualTo(200);
        String fresh = renewed.as(EnvironmentRegistration.class).environmentToken();
        assertThat(fresh).startsWith("bte_").isNotEqualTo(fixture.environment.environmentToken());

        Http.Reply otherEnvironment = fixture.http.delete("/v1/environments/env_other", fresh);
        assertThat(otherEnvironment.status()).isEqualTo(403);

        assertThat(fixture.http.delete(path, fresh).status()).isEqualTo(204);
        Http.Reply gone = fixture.http.post(path + "/pairings", fresh, Map.of());
        assertThat(gone.status()).isEqualTo(401);
    }
}
