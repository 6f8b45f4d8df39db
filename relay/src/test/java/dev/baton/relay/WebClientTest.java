package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The relay serves the built web client from the classpath with the right types, caching and policy. */
class WebClientTest {
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void theAppPageAnswersTheRootAndEverySessionUrl() {
        for (String path : new String[] {"/", "/s/" + fixture.session.sessionId(), "/s/not-a-session-yet"}) {
            Http.Reply page = fixture.http.get(path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.headers().get("Cache-Control")).isEqualTo("no-cache");
            assertSecurityHeaders(page);
            assertThat(page.text()).contains("<div id=\"app\">").contains("/manifest.webmanifest");
        }
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() {
        Http.Reply head = fixture.http.call("HEAD", "/s/" + fixture.session.sessionId(), null, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(head.headers().get("Cache-Control")).isEqualTo("no-cache");
        assertSecurityHeaders(head);
        assertThat(head.text()).isEmpty();
    }

    @Test
    void hashedAssetsAreCachedForeverAndNamedInTheAssetManifest() {
        Http.Reply manifest = fixture.http.get("/asset-manifest.json", null);
        assertThat(manifest.status()).isEqualTo(200);
        assertThat(manifest.headers().get("Cache-Control")).isEqualTo("no-cache");
        String js = manifest.json().path("js").asText();
        String css = manifest.json().path("css").asText();
        assertThat(js).matches("assets/app-[A-Z0-9]+\\.js");
        assertThat(css).matches("assets/app-[A-Z0-9]+\\.css");

        String page = fixture.http.get("/", null).text();
        assertThat(page).contains("src=\"/" + js + "\"").contains("href=\"/" + css + "\"");

        Http.Reply script = fixture.http.get("/" + js, null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(script.headers().get("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertSecurityHeaders(script);
        Http.Reply style = fixture.http.get("/" + css, null);
        assertThat(style.headers().get("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(style.headers().get("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void theWebAppManifestAndIconsAreServedWithTheirTypes() {
        Http.Reply manifest = fixture.http.get("/manifest.webmanifest", null);
        assertThat(manifest.headers().get("Content-Type")).isEqualTo("application/manifest+json");
        assertThat(manifest.headers().get("Cache-Control")).isEqualTo("no-cache");
        assertThat(manifest.json().path("icons").size()).isGreaterThanOrEqualTo(1);
        for (var icon : manifest.json().path("icons")) {
            Http.Reply file = fixture.http.get(icon.path("src").asText(), null);
            assertThat(file.status()).as(icon.toString()).isEqualTo(200);
            assertThat(file.headers().get("Content-Type"))
                    .isEqualTo(icon.path("type").asText());
        }
    }

    @Test
    void theServiceWorkerIsRevalidatedScopedToTheAppAndKeepsTheCurrentShell() {
        Http.Reply worker = fixture.http.get("/sw.js", null);
        assertThat(worker.status()).isEqualTo(200);
        assertThat(worker.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(worker.headers().get("Cache-Control")).isEqualTo("no-cache");
        assertThat(worker.headers().get("Service-Worker-Allowed")).isEqualTo("/");
        assertSecurityHeaders(worker);
        // The shell it keeps is this build's: the page and its two hashed assets.
        var assets = fixture.http.get("/asset-manifest.json", null).json();
        assertThat(worker.text())
                .contains("\"/" + assets.path("js").asText() + "\"")
                .contains("\"/" + assets.path("css").asText() + "\"")
                .contains("\"/manifest.webmanifest\"");
    }

    @Test
    void unknownFilesAndPathTricksAreNotFound() {
        for (String path : new String[] {"/nothing.js", "/assets/app-NOPE.js", "/.hidden"}) {
            Http.Reply reply = fixture.http.get(path, null);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.errorCode()).as(path).isEqualTo("not_found");
        }
        // Jetty itself refuses an encoded separator before any handler sees it.
        assertThat(fixture.http.get("/assets/..%2Findex.html", null).status()).isEqualTo(400);
    }

    private static void assertSecurityHeaders(Http.Reply reply) {
        assertThat(reply.headers().get("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(reply.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(reply.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
    }
}
