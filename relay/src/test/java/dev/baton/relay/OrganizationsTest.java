package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.Organization;
import dev.baton.relay.store.Role;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, organizations and their policies, written offline and enforced by a real relay over HTTP. */
class OrganizationsTest {
    @TempDir
    Path dataDir;

    private final OkHttpClient client =
            new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();
    private Relay relay;
    private Http http;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void eachPolicyStateRefusesRemoteControlWithItsOwnCodeAndTurningItOnLetsTheTeamIn() throws Exception {
        try (RelayAdmin admin = RelayAdmin.open(dataDir)) {
            admin.accounts().addOrganization("acme");
            admin.accounts().addUser("ann", "acme", null);
            admin.accounts().addOrganization("paused");
            admin.accounts().setOrganization("paused", true, null);
            admin.accounts().setOrganization("paused", false, null);
            admin.accounts().addUser("pat", "paused", Role.OWNER);
            admin.accounts().addOrganization("vault");
            admin.accounts().setOrganization("vault", null, true);
            admin.accounts().addUser("lex", "vault", Role.ADMIN);
            admin.accounts().addUser("sol", null, null);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dataDir, 10)) {
            store.putAccount(new Account("acc_ghost", "ghost", true, Instant.now(), "gone", Role.MEMBER));
        }
        start();

        assertRefused("ann", "remote_control_not_enabled", "Remote Control is not yet enabled for your account: ");
        assertRefused("pat", "remote_control_disabled", "Remote Control is disabled by your organization's policy: ");
        assertRefused("lex", "remote_control_disabled", "Remote Control is disabled by your organization's policy: ");
        assertRefused(
                "ghost",
                "remote_control_eligibility_unknown",
                "Unable to determine your organization for Remote Control eligibility: ");
        assertThat(createEnvironment(relay.createAccountToken("sol")).status())
                .as("a personal account")
                .isEqualTo(200);

        relay.close();
        try (RelayAdmin admin = RelayAdmin.open(dataDir)) {
            admin.accounts().setOrganization("acme", true, null);
        }
        start();
        assertThat(createEnvironment(relay.createAccountToken("ann")).status()).isEqualTo(200);
    }

    @Test
    void aLockedOrganizationCannotBeTurnedOnUntilTheLockIsLifted() {
        try (RelayAdmin admin = RelayAdmin.open(dataDir)) {
            admin.accounts().addOrganization("vault");
            admin.accounts().setOrganization("vault", true, null);
            Organization locked = admin.accounts().setOrganization("vault", null, true);
            assertThat(locked.remoteControlOn()).as("locking turns it off").isFalse();

            assertThatThrownBy(() -> admin.accounts().setOrganization("vault", true, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("compliance lock")
                    .hasMessageContaining("--unlock");
            assertThatThrownBy(() -> admin.accounts().setOrganization("vault", true, true))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(admin.accounts().setOrganization("vault", null, false).remoteControlOn())
                    .as("unlocking leaves it off")
                    .isFalse();
            assertThat(admin.accounts().setOrganization("vault", true, null).remoteControlOn())
                    .isTrue();
        }
    }

    @Test
    void onlyAnOwnersDeviceListsRevokesAndPairsDevices() throws Exception {
        try (RelayAdmin admin = RelayAdmin.open(dataDir)) {
            admin.accounts().addOrganization("acme");
            admin.accounts().setOrganization("acme", true, null);
            admin.accounts().addUser("olga", "acme", Role.OWNER);
            admin.accounts().addUser("mia", "acme", Role.MEMBER);
            admin.accounts().addUser("ada", "acme", Role.ADMIN);
        }
        start();
        List<DeviceRegistration> owners = pairTwo(relay.createAccountToken("olga"));
        List<DeviceRegistration> members = pairTwo(relay.createAccountToken("mia"));
        List<DeviceRegistration> admins = pairTwo(relay.createAccountToken("ada"));

        for (List<DeviceRegistration> refused : List.of(members, admins)) {
            String token = refused.getFirst().deviceToken();
            Http.Reply list = http.get("/v1/devices", token);
            assertThat(list.status()).as(list.text()).isEqualTo(403);
            assertThat(list.errorCode()).isEqualTo("insufficient_role");
            assertThat(list.errorMessage()).startsWith("only an owner may list the account's devices");
            Http.Reply revoke = http.delete("/v1/devices/" + refused.getLast().deviceId(), token);
            assertThat(revoke.status()).as(revoke.text()).isEqualTo(403);
            assertThat(revoke.errorCode()).isEqualTo("insufficient_role");
            Http.Reply pairing = http.post("/v1/pairings", token, "not even JSON");
            assertThat(pairing.status()).as("refused before the body is read").isEqualTo(403);
            assertThat(pairing.errorCode()).isEqualTo("insufficient_role");
            assertThat(http.get("/v1/sessions", token).status())
                    .as("everything else a device does is still allowed")
                    .isEqualTo(200);
        }

        String owner = owners.getFirst().deviceToken();
        Http.Reply list = http.get("/v1/devices", owner);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("devices")).hasSize(2);
        assertThat(http.post("/v1/pairings", owner, Map.of()).status()).isEqualTo(200);
        assertThat(http.delete("/v1/devices/" + owners.getLast().deviceId(), owner)
                        .status())
                .isEqualTo(204);
        assertThat(http.get("/v1/devices", owner).json().path("devices")).hasSize(1);
    }

    private void start() throws Exception {
        relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(dataDir));
        http = new Http(client, relay.url());
    }

    private void assertRefused(String user, String code, String messageStart) {
        Http.Reply reply = createEnvironment(relay.createAccountToken(user));
        assertThat(reply.status()).as(reply.text()).isEqualTo(403);
        assertThat(reply.errorCode()).as(user).isEqualTo(code);
        assertThat(reply.errorMessage()).as(user).startsWith(messageStart);
    }

    private Http.Reply createEnvironment(String accountToken) {
        return http.post(
                "/v1/environments",
                accountToken,
                new CreateEnvironment("laptop", "laptop.local", "/work", SpawnMode.SINGLE_SESSION, 0));
    }

    /** Two devices of the account, paired through an environment of its own. */
    private List<DeviceRegistration> pairTwo(String accountToken) {
        Http.Reply registered = createEnvironment(accountToken);
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        EnvironmentRegistration environment = registered.as(EnvironmentRegistration.class);
        return List.of(pair(environment, "phone"), pair(environment, "tablet"));
    }

    private DeviceRegistration pair(EnvironmentRegistration environment, String name) {
        Http.Reply pairing = http.post(
                "/v1/environments/" + environment.environmentId() + "/pairings",
                environment.environmentToken(),
                Map.of());
        assertThat(pairing.status()).as(pairing.text()).isEqualTo(200);
        Http.Reply redeemed = http.post(
                "/v1/pairings/redeem",
                null,
                new RedeemPairing(pairing.as(Pairing.class).pairingCode(), name));
        assertThat(redeemed.status()).as(redeemed.text()).isEqualTo(200);
        return redeemed.as(DeviceRegistration.class);
    }
}
