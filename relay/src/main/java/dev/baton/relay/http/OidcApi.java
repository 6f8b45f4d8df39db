package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.RelayApi.SignInMethods;
import dev.baton.relay.auth.Accounts;
import dev.baton.relay.oidc.OidcFailure;
import dev.baton.relay.oidc.OidcSignIn;
import dev.baton.relay.store.Account;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's side of signing in with the operator's OpenID Connect provider: a navigation to {@code
 * /v1/web/oidc/start} leaves for the provider, and the provider's redirect to {@code
 * /v1/web/oidc/callback} ends with the same sign-in session a password gives. Failures go back to the
 * sign-in page with a stable code in its address; what went wrong in detail goes to the log.
 */
final class OidcApi {
    private static final Logger LOG = LoggerFactory.getLogger(OidcApi.class);
    static final String PENDING_COOKIE = "baton_oidc";
    static final String PATH = "/v1/web/oidc";
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

    private final Optional<OidcSignIn> provider;
    private final Accounts accounts;
    private final SignInApi signIn;
    private final URI publicUrl;

    OidcApi(Optional<OidcSignIn> provider, Accounts accounts, SignInApi signIn, URI publicUrl) {
        this.provider = provider;
        this.accounts = accounts;
        this.signIn = signIn;
        this.publicUrl = publicUrl;
    }

    /** {@code GET /v1/web/sign-in-methods}: what the sign-in page offers besides the password form. */
    void methods(HttpExchange ex) {
        ex.json(200, new SignInMethods(provider.map(OidcSignIn::displayName).orElse(null)));
    }

    /** {@code GET /v1/web/oidc/start?next=/path}: off to the provider. */
    void start(HttpExchange ex) {
        OidcSignIn oidc = configured();
        try {
            OidcSignIn.Start start = oidc.start(callbackUri(), safeNext(ex.query("next")));
            // Lax, not Strict: the provider's redirect back is a navigation another site starts.
            Response.addCookie(ex.response(), pendingCookie(start.pending().encode(), PENDING_LIFETIME, ex.request()));
            ex.redirect(start.authorization().toString());
        } catch (OidcFailure failure) {
            failed(ex, failure);
        }
    }

    /** {@code GET /v1/web/oidc/callback?code&state}: the provider's answer. */
    void callback(HttpExchange ex) {
        OidcSignIn oidc = configured();
        OidcSignIn.Pending pending = OidcSignIn.Pending.decode(ex.cookie(PENDING_COOKIE));
        Response.addCookie(ex.response(), pendingCookie("", Duration.ZERO, ex.request()));
        try {
            String user = oidc.finish(pending, ex.query("state"), ex.query("code"), ex.query("error"), callbackUri());
            Account account = accounts.vouchedFor(user)
                    .orElseThrow(() -> new OidcFailure(
                            OidcFailure.Reason.UNKNOWN_USER, "the provider vouched for " + user + ", no user here"));
            signIn.startSession(ex, account);
            LOG.info("signed in {} with {}", account.user(), oidc.displayName());
            ex.redirect(pending.next());
        } catch (OidcFailure failure) {
            failed(ex, failure);
        }
    }

    private OidcSignIn configured() {
        return provider.orElseThrow(() -> new ProtocolException(
                ErrorCode.NOT_FOUND, "this relay has no identity provider configured; sign in with a password"));
    }

    private void failed(HttpExchange ex, OidcFailure failure) {
        LOG.warn(
                "sign-in with the identity provider failed ({}): {}",
                failure.reason().code(),
                failure.getMessage());
        ex.redirect("/login?error=" + URLEncoder.encode(failure.reason().code(), StandardCharsets.UTF_8));
    }

    private URI callbackUri() {
        return URI.create(publicUrl.toString().replaceFirst("/+$", "") + PATH + "/callback");
    }

    /** Only a path on this relay: anything else would make the relay an open redirect. */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }

    private HttpCookie pendingCookie(String value, Duration maxAge, Request request) {
        return HttpCookie.build(PENDING_COOKIE, value)
                .path(PATH)
                .httpOnly(true)
                .secure(signIn.secure(request))
                .sameSite(HttpCookie.SameSite.LAX)
                .maxAge(maxAge.toSeconds())
                .build();
    }
}
