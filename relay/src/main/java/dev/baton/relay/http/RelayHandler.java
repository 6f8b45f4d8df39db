package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.relay.RelayApi.AdoptSessions;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDeliveries;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.CreatePairing;
import dev.baton.protocol.relay.RelayApi.DeclineWork;
import dev.baton.protocol.relay.RelayApi.Health;
import dev.baton.protocol.relay.RelayApi.PushSubscription;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.RefreshDevice;
import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.Spawn;
import dev.baton.protocol.relay.RelayApi.UpdateEnvironment;
import dev.baton.relay.auth.Accounts;
import dev.baton.relay.auth.DeviceGrants;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.metrics.RelayMetrics;
import dev.baton.relay.oidc.OidcSignIn;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.work.WorkQueue;
import dev.baton.relay.ws.InputRateLimiter;
import dev.baton.relay.ws.SocketLimiter;
import dev.baton.relay.ws.StreamLimits;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every HTTP endpoint of the relay; errors leave as the JSON error body, never as a stack trace. */
public final class RelayHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);
    /** HTTP bodies are small JSON objects; anything near this is a mistake or an attack. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** Failed pairing redemptions a minute, from one address and from all of them. */
    static final int REDEEM_FAILURES_PER_ADDRESS = 10;

    static final int REDEEM_FAILURES_OVERALL = 300;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Router router = new Router();
    private final OriginPolicy origins;
    private final boolean publicTls;
    private final RelayStore store;

    /** What the endpoints need; one record so the constructor stays readable. */
    public record Services(
            RelayStore store,
            TokenService tokens,
            Accounts accounts,
            Hub hub,
            WorkQueue work,
            SocketLimiter sockets,
            SocketLimiter accountStreams,
            InputRateLimiter inputs,
            InputRateLimiter controls,
            SessionUrls urls,
            Clock clock,
            StreamLimits streamLimits,
            Duration livenessTimeout,
            Exposure exposure,
            DeviceGrants grants,
            Push push,
            Optional<OidcSignIn> oidc,
            RelayMetrics metrics,
            Readiness readiness) {}

    /** What {@code /healthz} and a ready {@code /readyz} answer. */
    record Status(String status) {}

    /**
     * Web Push *(ext.)*.
     *
     * @param applicationServerKey the relay's VAPID public key as browsers take it
     * @param toLoopback accept {@code http://127.0.0.1} endpoints (tests only)
     */
    public record Push(String applicationServerKey, boolean toLoopback) {}

    /**
     * How the relay faces the network.
     *
     * @param publicUrl the base URL devices use
     * @param allowedOrigins origins besides the public URL's whose pages may use the relay
     * @param bind the address listened on; on loopback the Host header is checked
     * @param port the port listened on
     */
    public record Exposure(URI publicUrl, List<String> allowedOrigins, String bind, int port) {}

    public RelayHandler(Services services, ServerWebSocketContainer container) {
        Exposure exposure = services.exposure();
        origins = new OriginPolicy(
                exposure.publicUrl(),
                exposure.allowedOrigins(),
                OriginPolicy.isLoopback(exposure.bind()) ? exposure.port() : -1);
        publicTls = exposure.publicUrl().getScheme().equalsIgnoreCase("https");
        store = services.store();
        Pairings pairings = new Pairings(services.store(), services.tokens(), services.urls());
        BackendApi backend = new BackendApi(
                services.store(),
                services.tokens(),
                services.accounts(),
                services.work(),
                pairings,
                services.urls(),
                services.hub(),
                services.clock());
        DeviceApi devices = new DeviceApi(
                services.store(),
                services.tokens(),
                services.accounts(),
                services.hub(),
                services.work(),
                pairings,
                services.clock(),
                services.livenessTimeout());
        PushApi push = new PushApi(
                services.store(),
                services.push().applicationServerKey(),
                services.push().toLoopback(),
                services.clock());
        ContentKeyApi contentKeys = new ContentKeyApi(services.store());
        StreamUpgrades streams = new StreamUpgrades(container, services);
        WebClient web = new WebClient();
        RefreshCookie refreshCookie = new RefreshCookie(publicTls);
        SchemaDocument schema = new SchemaDocument();
        RedemptionGuard redemptions = new RedemptionGuard(REDEEM_FAILURES_PER_ADDRESS, REDEEM_FAILURES_OVERALL);

        SignInApi signIn = new SignInApi(
                services.accounts(),
                services.tokens(),
                services.grants(),
                exposure.publicUrl(),
                publicTls,
                services.clock());
        OidcApi oidc = new OidcApi(services.oidc(), services.accounts(), signIn, exposure.publicUrl());

        router.route("GET", "/", web::page)
                .route("GET", "/s/{id}", web::page)
                // the sign-in and approval pages are views of the same app
                .route("GET", "/login", web::page)
                .route("GET", "/device", web::page)
                .route("GET", "/admin", web::page)
                .route("GET", "/assets/{name}", web::asset)
                .route("GET", "/sw.js", web::serviceWorker)
                // probes before the web client's files, which would take any one-segment path
                .route("GET", "/healthz", ex -> ex.json(200, new Status("ok")))
                .route("GET", "/readyz", ex -> ready(ex, services.readiness()))
                .route("GET", "/{name}", web::file)
                .route("GET", "/v1/health", ex -> ex.json(200, new Health("ok", ProtocolVersion.CURRENT)))
                .route("GET", "/v" + ProtocolVersion.CURRENT + "/schema.json", schema::serve)
                // backend → relay
                .route(
                        "POST",
                        "/v1/environments",
                        ex -> ex.json(
                                200,
                                backend.createEnvironment(
                                        backend.account(ex.bearer()), ex.body(CreateEnvironment.class))))
                .route("GET", "/v1/environments/{id}/work", ex -> backend.pollWork(
                                ex.bearer(), ex.variable("id"), ex.query("waitMs"))
                        .ifPresentOrElse(item -> ex.json(200, item), ex::noContent))
                .route(
                        "POST",
                        "/v1/environments/{id}/sessions",
                        ex -> ex.json(
                                200,
                                backend.registerSession(
                                        backend.environment(ex.bearer(), ex.variable("id")),
                                        ex.body(RegisterSession.class))))
                .route(
                        "POST",
                        "/v1/environments/{id}/adoptions",
                        ex -> ex.json(
                                200,
                                backend.adoptSessions(
                                        backend.environment(ex.bearer(), ex.variable("id")),
                                        ex.body(AdoptSessions.class))))
                .route("POST", "/v1/environments/{id}/declines", ex -> {
                    backend.declineWork(
                            backend.environment(ex.bearer(), ex.variable("id")), ex.body(DeclineWork.class));
                    ex.noContent();
                })
                .route(
                        "POST",
                        "/v1/environments/{id}/pairings",
                        ex -> ex.json(
                                200,
                                backend.createPairing(
                                        backend.environment(ex.bearer(), ex.variable("id")),
                                        ex.body(CreatePairing.class))))
                .route(
                        "POST",
                        "/v1/environments/{id}/renew",
                        ex -> ex.json(200, backend.renew(ex.bearer(), ex.variable("id"))))
                .route(
                        "GET",
                        "/v1/environments/{id}/devices",
                        ex -> ex.json(200, backend.devices(ex.bearer(), ex.variable("id"))))
                .route("POST", "/v1/environments/{id}/content-keys", ex -> {
                    contentKeys.deliver(
                            backend.environment(ex.bearer(), ex.variable("id")), ex.body(ContentKeyDeliveries.class));
                    ex.noContent();
                })
                .route("PUT", "/v1/environments/{id}", ex -> {
                    backend.updateEnvironment(
                            backend.environment(ex.bearer(), ex.variable("id")), ex.body(UpdateEnvironment.class));
                    ex.noContent();
                })
                .route("DELETE", "/v1/environments/{id}", ex -> {
                    backend.deleteEnvironment(ex.bearer(), ex.variable("id"));
                    ex.noContent();
                })
                .route("GET", "/v1/sessions/{id}/host", streams::host)
                // device → relay
                .route(
                        "POST",
                        "/v1/pairings/redeem",
                        ex -> ex.json(200, redemptions.guard(ex, Request.getRemoteAddr(ex.request()), () -> {
                            RedeemPairing body = ex.body(RedeemPairing.class);
                            return refreshCookie.deliver(
                                    ex,
                                    Boolean.TRUE.equals(body.refreshCookie()),
                                    devices.redeem(body, ex.bearerIfAny()));
                        })))
                .route("POST", "/v1/devices/refresh", ex -> {
                    String inBody = ex.body(RefreshDevice.class).refreshToken();
                    String credential = inBody != null ? inBody : refreshCookie.read(ex);
                    ex.json(200, refreshCookie.deliver(ex, inBody == null, devices.refresh(credential)));
                })
                .route("POST", "/v1/pairings", ex -> {
                    DeviceApi.Caller owner = devices.owner(devices.authenticate(ex.bearer()), "pair another device");
                    ex.json(200, devices.createPairing(owner, ex.body(CreatePairing.class)));
                })
                .route("GET", "/v1/devices", ex -> ex.json(200, devices.devices(devices.authenticate(ex.bearer()))))
                .route("GET", "/v1/push/vapid-key", ex -> {
                    devices.authenticate(ex.bearer());
                    ex.json(200, push.vapidKey());
                })
                .route("POST", "/v1/devices/current/push", ex -> {
                    DeviceApi.Caller caller = devices.authenticate(ex.bearer());
                    push.subscribe(caller, ex.body(PushSubscription.class));
                    ex.noContent();
                })
                .route(
                        "GET",
                        "/v1/devices/current/push",
                        ex -> ex.json(200, push.setting(devices.authenticate(ex.bearer()))))
                .route("DELETE", "/v1/devices/current/push", ex -> {
                    push.unsubscribe(devices.authenticate(ex.bearer()));
                    ex.noContent();
                })
                .route("PUT", "/v1/devices/current/agreement-key", ex -> {
                    contentKeys.putAgreementKey(devices.authenticate(ex.bearer()), ex.body(AgreementKey.class));
                    ex.noContent();
                })
                .route(
                        "GET",
                        "/v1/devices/current/content-keys",
                        ex -> ex.json(200, contentKeys.contentKeys(devices.authenticate(ex.bearer()))))
                .route("DELETE", "/v1/devices/{id}", ex -> {
                    devices.revoke(devices.authenticate(ex.bearer()), ex.variable("id"));
                    ex.noContent();
                })
                .route(
                        "GET",
                        "/v1/sessions",
                        ex -> ex.json(
                                200,
                                devices.sessions(
                                        devices.authenticate(ex.bearer()).accountId())))
                .route(
                        "POST",
                        "/v1/sessions/{id}/tickets",
                        ex -> ex.json(200, devices.ticket(devices.authenticate(ex.bearer()), ex.variable("id"))))
                .route(
                        "POST",
                        "/v1/environments/{id}/spawn",
                        ex -> ex.json(
                                200,
                                devices.spawn(
                                        devices.authenticate(ex.bearer()), ex.variable("id"), ex.body(Spawn.class))))
                .route("GET", "/v1/sessions/{id}/client", streams::device)
                // sign-in on the web page and the device authorization grant (extensions)
                .route("POST", "/v1/web/login", signIn::signIn)
                .route("POST", "/v1/web/logout", signIn::signOut)
                .route("GET", "/v1/web/me", signIn::me)
                .route("GET", "/v1/web/organization", signIn::organization)
                .route("POST", "/v1/web/organization", signIn::setOrganization)
                .route("GET", "/v1/web/sign-in-methods", oidc::methods)
                .route("GET", OidcApi.PATH + "/start", oidc::start)
                .route("GET", OidcApi.PATH + "/callback", oidc::callback)
                .route("GET", "/v1/web/device", signIn::pendingDevice)
                .route("POST", "/v1/web/device", signIn::decide)
                .route("POST", "/v1/oauth/device/code", signIn::deviceCode)
                .route("POST", "/v1/oauth/token", signIn::token)
                .route("GET", "/v1/account", signIn::account)
                .route("POST", "/v1/account/tokens", signIn::createLimitedToken)
                .route(
                        "GET",
                        "/v1/account/sessions",
                        ex -> ex.json(
                                200, devices.sessions(signIn.readableAccount(ex).accountId())))
                .route("DELETE", "/v1/account/token", signIn::revokeAccountToken);
    }

    private static void ready(HttpExchange exchange, Readiness readiness) {
        String notReady = readiness.notReadyBecause();
        if (notReady == null) {
            exchange.json(200, new Status("ok"));
        } else {
            exchange.error(ErrorCode.NOT_READY.httpStatus(), ErrorCode.NOT_READY, notReady);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpExchange exchange = new HttpExchange(request, response, callback, MAX_BODY_BYTES);
        try {
            SecurityHeaders.apply(request, response, publicTls);
            origins.checkHost(request);
            // Browsers send Origin on every upgrade and every unsafe method; that is where a foreign
            // page could act, and where the relay insists on its own.
            if (!SAFE_METHODS.contains(request.getMethod())
                    || request.getHeaders().contains(HttpHeader.UPGRADE)) {
                origins.checkOrigin(request);
            }
            if (!SAFE_METHODS.contains(request.getMethod())) {
                exchange.answerOnceStored(store);
            }
            Router.Match match = router.match(request.getMethod(), Request.getPathInContext(request));
            if (match == null) {
                throw new ProtocolException(
                        ErrorCode.NOT_FOUND,
                        "no such endpoint: " + request.getHttpURI().getPath());
            }
            if (match.endpoint() == null) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", match.allowed()));
                exchange.error(
                        ErrorCode.METHOD_NOT_ALLOWED.httpStatus(),
                        ErrorCode.METHOD_NOT_ALLOWED,
                        request.getMethod() + " is not allowed here; use " + String.join(" or ", match.allowed()));
                return true;
            }
            exchange.variables(match.variables());
            match.endpoint().handle(exchange);
        } catch (ProtocolException e) {
            exchange.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.error(503, ErrorCode.INTERNAL, "the relay is shutting down");
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            exchange.error(500, ErrorCode.INTERNAL, "internal error");
        }
        return true;
    }
}
