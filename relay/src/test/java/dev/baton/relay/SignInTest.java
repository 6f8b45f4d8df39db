package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.RelayApi.SignIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing in on the relay's web page: the password check, the cookie's flags, the rate limit, the log. */
class SignInTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private Relay relay;
    private Http http;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    /** A relay whose store has user ada with {@link #PASSWORD}, written while it was stopped. */
    static Relay withUser(Path data, RelayConfig config) throws Exception {
        try (RelayAdmin admin = RelayAdmin.open(data)) {
            admin.accounts().addUser("ada", null, null);
            admin.accounts().setPassword("ada", PASSWORD);
        }
        return Relay.start(config.withPort(0).withDataDir(data));
    }

    private void start(RelayConfig config) throws Exception {
        relay = withUser(dir.resolve("data"), config);
        http = new Http(new OkHttpClient(), URI.create("http://127.0.0.1:" + relay.port()));
    }

    static Http.Reply signIn(Http http, String user, String password) {
        return http.post("/v1/web/login", null, new SignIn(user, password));
    }

    /** The value of the {@code baton_web} cookie a sign-in set. */
    static String cookieOf(Http.Reply reply) {
        String header = reply.headers().get("Set-Cookie");
        assertThat(header).as(reply.text()).startsWith("baton_web=");
        return header.substring("baton_web=".length(), header.indexOf(';'));
    }

    static Map<String, String> cookie(String value) {
        return Map.of("Cookie", "baton_web=" + value);
    }

    @Test
    void theRightPasswordSetsAStrictHttpOnlyCookieThatOnlyTheWebEndpointsGet() throws Exception {
        start(RelayConfig.defaults());
        Http.Reply good = signIn(http, "ada", PASSWORD);

        assertThat(good.status()).as(good.text()).isEqualTo(200);
        assertThat(good.json().path("user").asText()).isEqualTo("ada");
        String header = good.headers().get("Set-Cookie");
        assertThat(header)
                .contains("Path=/v1/web")
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .doesNotContainIgnoringCase("Secure");
        assertThat(good.text()).doesNotContain(cookieOf(good));

        Http.Reply me = http.call("GET", "/v1/web/me", null, null, cookie(cookieOf(good)), null);
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.json().path("user").asText()).isEqualTo("ada");
        assertThat(me.json().path("tokenKind").asText()).isEqualTo("web");

        // The cookie is not a bearer token anywhere.
        Http.Reply asBearer = http.get("/v1/sessions", cookieOf(good));
        assertThat(asBearer.status()).isEqualTo(403);
        assertThat(asBearer.errorCode()).isEqualTo("insufficient_scope");

        Http.Reply out = http.call("POST", "/v1/web/logout", null, "{}", cookie(cookieOf(good)), Http.JSON);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().get("Set-Cookie")).startsWith("baton_web=;").contains("Expires=Thu, 01 Jan 1970");
        Http.Reply gone = http.call("GET", "/v1/web/me", null, null, cookie(cookieOf(good)), null);
        assertThat(gone.status()).isEqualTo(401);
    }

    @Test
    void behindAnHttpsPublicUrlTheCookieIsSecure() throws Exception {
        start(RelayConfig.defaults().withPublicUrl(URI.create("https://relay.example.com")));
        Http.Reply good = signIn(http, "ada", PASSWORD);

        assertThat(good.status()).as(good.text()).isEqualTo(200);
        assertThat(good.headers().get("Set-Cookie")).contains("; Secure").contains("SameSite=Strict");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameRefusalAndNoCookie() throws Exception {
        start(RelayConfig.defaults());
        Http.Reply wrong = signIn(http, "ada", "not the password");
        Http.Reply unknown = signIn(http, "nobody", PASSWORD);

        for (Http.Reply reply : List.of(wrong, unknown)) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.errorCode()).isEqualTo("invalid_credentials");
            assertThat(reply.errorMessage()).isEqualTo("wrong user name or password");
            assertThat(reply.headers().get("Set-Cookie")).isNull();
        }
        Http.Reply nobody = http.get("/v1/web/me", null);
        assertThat(nobody.status()).isEqualTo(401);
    }

    @Test
    void repeatedFailuresAreRateLimitedAndNeitherPasswordNorCookieIsLogged() throws Exception {
        start(RelayConfig.defaults());
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String guess = "guess-number-";
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        String cookie;
        try {
            Http.Reply good = signIn(http, "ada", PASSWORD);
            cookie = cookieOf(good);
            for (int i = 0; i < 5; i++) {
                assertThat(signIn(http, "ada", guess + i).errorCode()).isEqualTo("invalid_credentials");
            }
            Http.Reply limited = signIn(http, "ada", PASSWORD);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo("rate_limited");
            assertThat(limited.errorMessage()).contains("sign-in attempts");
            assertThat(Integer.parseInt(limited.headers().get("Retry-After"))).isBetween(1, 60);
            assertThat(limited.headers().get("Set-Cookie")).isNull();
        } finally {
            System.setErr(err);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("failed sign-in from 127.0.0.1");
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(guess).doesNotContain(cookie);
    }

    @Test
    void theSignInAndApprovalPagesAreTheWebClientUnderItsStrictPolicy() throws Exception {
        start(RelayConfig.defaults());
        for (String page : List.of("/login", "/device", "/device?user_code=BCDF-GHJK")) {
            Http.Reply reply = http.get(page, null);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers().get("Content-Type")).startsWith("text/html");
            assertThat(reply.headers().get("Content-Security-Policy"))
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(reply.text()).doesNotContainPattern("<script>[^<]");
        }
    }

    static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
}
