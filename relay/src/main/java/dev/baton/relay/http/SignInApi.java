package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.RelayApi.AccountInfo;
import dev.baton.protocol.relay.RelayApi.CreateLimitedToken;
import dev.baton.protocol.relay.RelayApi.DeviceCode;
import dev.baton.protocol.relay.RelayApi.DeviceCodeRequest;
import dev.baton.protocol.relay.RelayApi.DeviceDecision;
import dev.baton.protocol.relay.RelayApi.LimitedToken;
import dev.baton.protocol.relay.RelayApi.OrganizationPolicy;
import dev.baton.protocol.relay.RelayApi.PendingDevice;
import dev.baton.protocol.relay.RelayApi.SetOrganizationPolicy;
import dev.baton.protocol.relay.RelayApi.SignIn;
import dev.baton.protocol.relay.RelayApi.TokenGrant;
import dev.baton.protocol.relay.RelayApi.TokenRequest;
import dev.baton.relay.auth.Accounts;
import dev.baton.relay.auth.DeviceGrants;
import dev.baton.relay.auth.IssuedToken;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.Organization;
import dev.baton.relay.store.Scope;
import dev.baton.relay.store.TokenRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in on the relay's web page, and the device authorization grant (RFC 8628) that turns that
 * sign-in into an account token for a backend ({@code baton login}).
 *
 * <p>The sign-in session is a {@link Scope#WEB} token in an {@code HttpOnly}, {@code SameSite=Strict}
 * cookie whose path is {@code /v1/web}: only the endpoints that need it ever receive it, and no script on
 * the page can read it. It is never accepted as a bearer token, and a bearer token is never accepted here.
 */
final class SignInApi {
    private static final Logger LOG = LoggerFactory.getLogger(SignInApi.class);
    static final String COOKIE = "baton_web";
    private static final Set<Scope> READABLE = EnumSet.of(Scope.ACCOUNT, Scope.READ_ONLY);
    static final String COOKIE_PATH = "/v1/web";
    static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    /** Failed sign-ins a minute from one address, and from all of them. */
    static final int SIGN_IN_FAILURES_PER_ADDRESS = 5;

    static final int SIGN_IN_FAILURES_OVERALL = 100;
    /** Wrong user codes typed a minute, from one address and from all. */
    static final int USER_CODE_FAILURES_PER_ADDRESS = 10;

    static final int USER_CODE_FAILURES_OVERALL = 300;
    private static final int MAX_CLIENT_NAME = 100;

    private final Accounts accounts;
    private final TokenService tokens;
    private final DeviceGrants grants;
    private final URI publicUrl;
    private final boolean publicTls;
    private final Clock clock;
    private final RedemptionGuard signIns = new RedemptionGuard(
            SIGN_IN_FAILURES_PER_ADDRESS,
            SIGN_IN_FAILURES_OVERALL,
            ErrorCode.INVALID_CREDENTIALS,
            "sign-in attempts",
            "sign-in");
    private final RedemptionGuard userCodes = new RedemptionGuard(
            USER_CODE_FAILURES_PER_ADDRESS,
            USER_CODE_FAILURES_OVERALL,
            ErrorCode.USER_CODE_INVALID,
            "device code entries",
            "device code entry");

    SignInApi(
            Accounts accounts,
            TokenService tokens,
            DeviceGrants grants,
            URI publicUrl,
            boolean publicTls,
            Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.grants = grants;
        this.publicUrl = publicUrl;
        this.publicTls = publicTls;
        this.clock = clock;
    }

    // ---- the web page

    /** {@code POST /v1/web/login}: a good name and password set the session cookie. */
    void signIn(HttpExchange ex) throws Exception {
        Account account = signIns.guard(ex, address(ex), () -> {
            SignIn body = ex.body(SignIn.class);
            return accounts.signIn(body.user(), body.password());
        });
        IssuedToken session = startSession(ex, account);
        ex.json(200, info(account, Scope.WEB, session.expiresAt()));
    }

    /** Signs {@code account} in on this browser: a sign-in session and its cookie. */
    IssuedToken startSession(HttpExchange ex, Account account) {
        IssuedToken session = tokens.issue(Scope.WEB, account.id(), account.id());
        Response.addCookie(
                ex.response(),
                cookie(session.token(), Duration.between(clock.instant(), session.expiresAt()), ex.request()));
        return session;
    }

    /** {@code Secure} whenever the browser reaches the relay over TLS, even at a balancer in front. */
    boolean secure(Request request) {
        return publicTls || request.isSecure();
    }

    /** {@code POST /v1/web/logout}: the session ends on the relay and the cookie is cleared. */
    void signOut(HttpExchange ex) {
        String value = ex.cookie(COOKIE);
        if (value != null) {
            tokens.revoke(value, Scope.WEB);
        }
        Response.addCookie(ex.response(), cookie("", Duration.ZERO, ex.request()));
        ex.noContent();
    }

    /** {@code GET /v1/web/me}: who is signed in; {@code unauthorized} when nobody is. */
    void me(HttpExchange ex) {
        TokenRecord session = session(ex);
        ex.json(200, info(accounts.account(session.accountId()), Scope.WEB, session.expiresAt()));
    }

    /** {@code GET /v1/web/device?userCode=…}: what the approval page shows. */
    void pendingDevice(HttpExchange ex) throws Exception {
        session(ex);
        DeviceGrants.Pending pending = userCodes.guard(ex, address(ex), () -> grants.pending(ex.query("userCode")));
        ex.json(200, new PendingDevice(pending.userCode(), pending.clientName(), pending.expiresAt()));
    }

    /** {@code POST /v1/web/device}: the signed-in user approves or denies a user code. */
    void decide(HttpExchange ex) throws Exception {
        Account account = accounts.account(session(ex).accountId());
        userCodes.guard(ex, address(ex), () -> {
            DeviceDecision body = ex.body(DeviceDecision.class);
            boolean approve = "approve".equals(body.decision());
            if (!approve && !"deny".equals(body.decision())) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "decision: expected \"approve\" or \"deny\"");
            }
            grants.decide(body.userCode(), account, approve);
            return null;
        });
        ex.noContent();
    }

    // ---- the backend

    /** {@code POST /v1/oauth/device/code}: a device code and the user code the person types. */
    void deviceCode(HttpExchange ex) throws IOException {
        String clientName = ex.formEncoded()
                ? ex.form().get("client_name")
                : ex.body(DeviceCodeRequest.class).clientName();
        if (clientName != null && clientName.length() > MAX_CLIENT_NAME) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE, "clientName: longer than " + MAX_CLIENT_NAME + " characters");
        }
        DeviceGrants.Issued issued = grants.issue(clientName == null || clientName.isBlank() ? null : clientName);
        String page = publicUrl + "/device";
        ex.json(
                200,
                new DeviceCode(
                        issued.deviceCode(),
                        issued.userCode(),
                        page,
                        page + "?user_code=" + URLEncoder.encode(issued.userCode(), StandardCharsets.UTF_8),
                        Duration.between(clock.instant(), issued.expiresAt()).toSeconds(),
                        issued.interval().toSeconds()));
    }

    /** {@code POST /v1/oauth/token}: the backend's poll; on approval a full-scope account token. */
    void token(HttpExchange ex) throws IOException {
        TokenRequest body;
        if (ex.formEncoded()) {
            Map<String, String> form = ex.form();
            body = new TokenRequest(form.get("grant_type"), form.get("device_code"));
        } else {
            body = ex.body(TokenRequest.class);
        }
        if (!DEVICE_CODE_GRANT.equals(body.grant_type())) {
            throw new ProtocolException(
                    ErrorCode.UNSUPPORTED_GRANT_TYPE, "grant_type: only " + DEVICE_CODE_GRANT + " is supported");
        }
        Account approved = grants.poll(body.device_code());
        Account account = accounts.account(approved.id());
        IssuedToken token = accounts.issueAccountToken(account);
        ex.json(
                200,
                new TokenGrant(
                        token.token(),
                        "Bearer",
                        Duration.between(clock.instant(), token.expiresAt()).toSeconds(),
                        account.user(),
                        account.org(),
                        token.expiresAt()));
    }

    /** {@code GET /v1/account}: who an account token (full or limited) belongs to and when it expires. */
    void account(HttpExchange ex) {
        TokenRecord record = readableAccount(ex);
        ex.json(200, info(accounts.account(record.accountId()), record.scope(), record.expiresAt()));
    }

    /** The account token behind the request, full scope or read-only. */
    TokenRecord readableAccount(HttpExchange ex) {
        return tokens.require(ex.bearer(), Scope.ACCOUNT, READABLE);
    }

    /** {@code POST /v1/account/tokens}: a full-scope token mints a limited one for scripts, shown once. */
    void createLimitedToken(HttpExchange ex) throws IOException {
        TokenRecord full = tokens.require(ex.bearer(), Scope.ACCOUNT);
        CreateLimitedToken body = ex.body(CreateLimitedToken.class);
        if (body.scope() == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "scope: required, one of \"read-only\"");
        }
        IssuedToken token = tokens.issue(Scope.READ_ONLY, full.accountId(), full.accountId());
        ex.json(200, new LimitedToken(token.token(), body.scope(), token.expiresAt()));
    }

    /** {@code DELETE /v1/account/token}: revokes the account token that makes the call (logout). */
    void revokeAccountToken(HttpExchange ex) {
        String token = ex.bearer();
        tokens.require(token, Scope.ACCOUNT);
        tokens.revoke(token, Scope.ACCOUNT);
        ex.noContent();
    }

    /** {@code GET /v1/web/organization}: the admin page's view of the signed-in user's organization. */
    void organization(HttpExchange ex) {
        TokenRecord session = session(ex);
        ex.json(200, policy(accounts.organizationOf(session.accountId()), session.accountId()));
    }

    /** {@code POST /v1/web/organization}: an owner or admin turns Remote Control on or off. */
    void setOrganization(HttpExchange ex) throws IOException {
        TokenRecord session = session(ex);
        SetOrganizationPolicy body = ex.body(SetOrganizationPolicy.class);
        Organization changed = accounts.setRemoteControl(session.accountId(), body.remoteControl());
        LOG.info(
                "Remote Control turned {} for organization {} from the admin page",
                changed.remoteControlOn() ? "on" : "off",
                changed.name());
        ex.json(200, policy(changed, session.accountId()));
    }

    private OrganizationPolicy policy(Organization org, String accountId) {
        return new OrganizationPolicy(
                org.name(),
                org.remoteControlOn(),
                org.locked(),
                accounts.account(accountId).effectiveRole().wire());
    }

    private TokenRecord session(HttpExchange ex) {
        String value = ex.cookie(COOKIE);
        if (value == null || value.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "not signed in; sign in at /login");
        }
        try {
            return tokens.require(value, Scope.WEB);
        } catch (ProtocolException e) {
            // Whatever is wrong with the cookie, the remedy is the same, and the page knows it by the code.
            throw new ProtocolException(
                    ErrorCode.UNAUTHORIZED, "not signed in (" + e.getMessage() + "); sign in at /login");
        }
    }

    private HttpCookie cookie(String value, Duration maxAge, Request request) {
        return HttpCookie.build(COOKIE, value)
                .path(COOKIE_PATH)
                .httpOnly(true)
                .secure(secure(request))
                .sameSite(HttpCookie.SameSite.STRICT)
                .maxAge(maxAge.toSeconds())
                .build();
    }

    private static AccountInfo info(Account account, Scope kind, java.time.Instant expiresAt) {
        return new AccountInfo(
                account.user(),
                account.org(),
                account.effectiveRole().wire(),
                switch (kind) {
                    case WEB -> "web";
                    case READ_ONLY -> "read-only";
                    default -> "account";
                },
                expiresAt);
    }

    private static String address(HttpExchange ex) {
        return Request.getRemoteAddr(ex.request());
    }
}
