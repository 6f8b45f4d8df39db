package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.relay.oidc.OidcSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in to the relay's web page with an OpenID Connect provider, leg by leg as a browser follows
 * the redirects, against a provider that speaks the real protocol and, on request, misbehaves.
 */
class OidcSignInTest {
    @TempDir
    Path dir;

    private FakeOidcProvider provider;
    private Relay relay;
    private final OkHttpClient browser =
            new OkHttpClient.Builder().followRedirects(false).build();

    /** One answer of a navigation: its status, where it sends the browser, and the cookies it sets. */
    private record Leg(int status, String location, List<String> cookies) {
        String cookie(String name) {
            return cookies.stream()
                    .filter(header -> header.startsWith(name + "="))
                    .findFirst()
                    .map(header -> header.substring(name.length() + 1, header.indexOf(';')))
                    .orElse(null);
        }

        String header(String name) {
            return cookies.stream()
                    .filter(header -> header.startsWith(name + "="))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @BeforeEach
    void start() throws Exception {
        provider = new FakeOidcProvider();
        Path data = dir.resolve("data");
        try (RelayAdmin admin = RelayAdmin.open(data)) {
            admin.accounts().addUser("ada", null, null);
        }
        relay = Relay.start(RelayConfig.defaults()
                .withPort(0)
                .withDataDir(data)
                .withOidc(new OidcSettings(
                        provider.issuer(),
                        FakeOidcProvider.CLIENT_ID,
                        FakeOidcProvider.CLIENT_SECRET,
                        "preferred_username",
                        "Example SSO")));
    }

    @AfterEach
    void stop() {
        relay.close();
        provider.close();
    }

    private Leg get(String url, String cookie) {
        Request.Builder request = new Request.Builder().url(url);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try (Response response = browser.newCall(request.build()).execute()) {
            return new Leg(response.code(), response.header("Location"), response.headers("Set-Cookie"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Leg begin(String next) {
        return get(relay.url() + "/v1/web/oidc/start?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), null);
    }

    /** Start, the provider's redirect back, and the callback with the pending cookie the start set. */
    private Leg signInThrough(String next) {
        Leg start = begin(next);
        assertThat(start.status()).isEqualTo(302);
        Leg atProvider = get(start.location(), null);
        assertThat(atProvider.status()).isEqualTo(302);
        return get(atProvider.location(), "baton_oidc=" + start.cookie("baton_oidc"));
    }

    @Test
    void theProviderVouchesForAUserAndTheBrowserComesBackSignedInWhereItLeft() {
        Http http = new Http(new OkHttpClient(), relay.url());
        assertThat(http.get("/v1/web/sign-in-methods", null)
                        .json()
                        .path("provider")
                        .asText())
                .isEqualTo("Example SSO");

        Leg start = begin("/device?user_code=BCDF-GHJK");
        assertThat(start.location()).startsWith(provider.issuer() + "/authorize?");
        assertThat(start.header("baton_oidc"))
                .contains("Path=/v1/web/oidc")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
        Leg atProvider = get(start.location(), null);
        assertThat(provider.lastAuthorization)
                .containsEntry("client_id", FakeOidcProvider.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", relay.url() + "/v1/web/oidc/callback")
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(provider.lastAuthorization.get("scope")).contains("openid");

        Leg back = get(atProvider.location(), "baton_oidc=" + start.cookie("baton_oidc"));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).isEqualTo("/device?user_code=BCDF-GHJK");
        String session = back.cookie("baton_web");
        assertThat(session).startsWith("btw_");
        assertThat(back.header("baton_web")).containsIgnoringCase("SameSite=Strict");

        Http.Reply me =
                http.call("GET", "/v1/web/me", null, null, java.util.Map.of("Cookie", "baton_web=" + session), null);
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.json().path("user").asText()).isEqualTo("ada");
    }

    @Test
    void anAnswerThisBrowserDidNotAskForSignsNobodyIn() {
        Leg start = begin("/");
        Leg atProvider = get(start.location(), null);
        Leg withoutCookie = get(atProvider.location(), null);
        assertThat(withoutCookie.location()).isEqualTo("/login?error=sign_in_failed");
        assertThat(withoutCookie.cookie("baton_web")).isNull();

        Leg other = begin("/");
        Leg withAnotherSignInsCookie =
                get(get(start.location(), null).location(), "baton_oidc=" + other.cookie("baton_oidc"));
        assertThat(withAnotherSignInsCookie.location()).isEqualTo("/login?error=sign_in_failed");
    }

    @Test
    void anIdTokenThatFailsVerificationSignsNobodyIn() {
        provider.audience = "someone-else";
        assertThat(signInThrough("/").location()).isEqualTo("/login?error=sign_in_failed");
        provider.audience = FakeOidcProvider.CLIENT_ID;

        provider.signWithStrangerKey = true;
        assertThat(signInThrough("/").location()).isEqualTo("/login?error=sign_in_failed");
        provider.signWithStrangerKey = false;

        provider.nonceOverride = "replayed-nonce";
        Leg replayed = signInThrough("/");
        assertThat(replayed.location()).isEqualTo("/login?error=sign_in_failed");
        assertThat(replayed.cookie("baton_web")).isNull();
    }

    @Test
    void aPersonTheRelayDoesNotKnowOrAProviderThatSaysNoLandsOnTheSignInPageWithTheReason() {
        provider.user = "mallory";
        assertThat(signInThrough("/").location()).isEqualTo("/login?error=unknown_user");
        provider.user = "ada";
        provider.deny = true;
        assertThat(signInThrough("/").location()).isEqualTo("/login?error=provider_refused");
    }

    @Test
    void onlyAPathOnTheRelayIsAPlaceToReturnTo() {
        assertThat(signInThrough("https://evil.example/").location()).isEqualTo("/");
        assertThat(signInThrough("//evil.example/").location()).isEqualTo("/");
        assertThat(signInThrough("/s/abc").location()).isEqualTo("/s/abc");
    }

    @Test
    void anUnreachableProviderIsSaidOnTheSignInPage() {
        provider.close();
        Leg start = begin("/");
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.location()).isEqualTo("/login?error=provider_unavailable");
    }

    @Test
    void aRelayWithoutAProviderOffersPasswordsOnly() throws Exception {
        try (Relay plain = Relay.start(RelayConfig.defaults().withPort(0))) {
            Http http = new Http(new OkHttpClient(), plain.url());
            Http.Reply methods = http.get("/v1/web/sign-in-methods", null);
            assertThat(methods.status()).isEqualTo(200);
            assertThat(methods.json().has("provider")).isFalse();
            Http.Reply start = http.get("/v1/web/oidc/start", null);
            assertThat(start.status()).isEqualTo(404);
            assertThat(start.errorCode()).isEqualTo("not_found");
        }
    }
}
