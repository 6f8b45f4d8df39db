package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.SetOrganizationPolicy;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.relay.store.Role;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin page's side of organization policy: an owner or an admin turns Remote Control on or off for
 * the organization while the relay runs, a member cannot, and a compliance lock holds.
 */
class OrganizationAdminTest {
    @TempDir
    Path dir;

    private Relay relay;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        Path data = dir.resolve("data");
        try (RelayAdmin admin = RelayAdmin.open(data)) {
            admin.accounts().addOrganization("acme");
            admin.accounts().addOrganization("vault");
            admin.accounts().setOrganization("vault", null, true);
            admin.accounts().addUser("ann", "acme", Role.ADMIN);
            admin.accounts().addUser("bob", "acme", Role.MEMBER);
            admin.accounts().addUser("lex", "vault", Role.OWNER);
            admin.accounts().addUser("pat", null, null);
            for (String user : new String[] {"ann", "bob", "lex", "pat"}) {
                admin.accounts().setPassword(user, SignInTest.PASSWORD);
            }
        }
        relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(data));
        http = new Http(new OkHttpClient(), URI.create("http://127.0.0.1:" + relay.port()));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private Map<String, String> signedIn(String user) {
        return SignInTest.cookie(SignInTest.cookieOf(SignInTest.signIn(http, user, SignInTest.PASSWORD)));
    }

    private Http.Reply get(String user) {
        return http.call("GET", "/v1/web/organization", null, null, signedIn(user), null);
    }

    private Http.Reply set(String user, boolean on) {
        return http.call(
                "POST",
                "/v1/web/organization",
                null,
                dev.baton.protocol.Json.write(new SetOrganizationPolicy(on)),
                signedIn(user),
                Http.JSON);
    }

    @Test
    void anAdminTurnsRemoteControlOnAndTheOrganizationsMembersCanThenUseIt() {
        Http.Reply before = get("ann");
        assertThat(before.status()).as(before.text()).isEqualTo(200);
        assertThat(before.json().path("name").asText()).isEqualTo("acme");
        assertThat(before.json().path("remoteControl").asBoolean()).isFalse();
        assertThat(before.json().path("role").asText()).isEqualTo("admin");

        String bobsToken = relay.createAccountToken("bob");
        Http.Reply refusedBefore = http.post("/v1/environments", bobsToken, environment());
        assertThat(refusedBefore.errorCode()).isEqualTo("remote_control_not_enabled");

        Http.Reply turnedOn = set("ann", true);
        assertThat(turnedOn.status()).as(turnedOn.text()).isEqualTo(200);
        assertThat(turnedOn.json().path("remoteControl").asBoolean()).isTrue();
        assertThat(http.post("/v1/environments", bobsToken, environment()).status())
                .isEqualTo(200);

        assertThat(set("ann", false).json().path("remoteControl").asBoolean()).isFalse();
        assertThat(http.post("/v1/environments", bobsToken, environment()).errorCode())
                .isEqualTo("remote_control_disabled");
    }

    @Test
    void aMemberSeesThePolicyButCannotChangeIt() {
        assertThat(get("bob").json().path("role").asText()).isEqualTo("member");
        Http.Reply refused = set("bob", true);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("insufficient_role");
        assertThat(get("bob").json().path("remoteControl").asBoolean()).isFalse();
    }

    @Test
    void aComplianceLockHoldsEvenForTheOwner() {
        Http.Reply locked = get("lex");
        assertThat(locked.json().path("locked").asBoolean()).isTrue();
        Http.Reply refused = set("lex", true);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("policy_locked");
        assertThat(refused.errorMessage()).contains("baton relay org set vault --unlock");
    }

    @Test
    void aPersonalAccountHasNoPolicyAndNobodyUnsignedSeesOne() {
        Http.Reply personal = get("pat");
        assertThat(personal.status()).isEqualTo(404);
        assertThat(personal.errorMessage()).contains("always on");
        Http.Reply anonymous = http.call("GET", "/v1/web/organization", null, null, Map.of(), null);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    private static CreateEnvironment environment() {
        return new CreateEnvironment("laptop", "laptop.local", "/work", SpawnMode.SINGLE_SESSION, 0);
    }
}
