package dev.baton.relay.http;

import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.relay.store.Scope;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Response;

/**
 * A browser's refresh credential travels as an {@code HttpOnly} cookie that only the refresh endpoint
 * receives: no script on the page can read it, and no other request carries it. Native clients, which
 * have no cookie jar worth the name, get it in the answer instead.
 */
final class RefreshCookie {
    static final String NAME = "baton_refresh";
    static final String PATH = "/v1/devices/refresh";

    private final boolean publicTls;

    /** @param publicTls the public URL is https, so the cookie is {@code Secure} even behind a balancer */
    RefreshCookie(boolean publicTls) {
        this.publicTls = publicTls;
    }

    /**
     * The registration as the answer carries it: with {@code inCookie}, its refresh credential is moved
     * into the cookie and left out of the body.
     */
    DeviceRegistration deliver(HttpExchange ex, boolean inCookie, DeviceRegistration registration) {
        if (!inCookie) {
            return registration;
        }
        Response.addCookie(
                ex.response(),
                HttpCookie.build(NAME, registration.refreshToken())
                        .path(PATH)
                        .httpOnly(true)
                        .secure(publicTls || ex.request().isSecure())
                        .sameSite(HttpCookie.SameSite.STRICT)
                        .maxAge(Scope.REFRESH.lifetime().toSeconds())
                        .build());
        return new DeviceRegistration(
                registration.deviceId(),
                registration.deviceToken(),
                registration.expiresAt(),
                null,
                registration.sessionId());
    }

    /** The cookie's credential, or null. */
    String read(HttpExchange ex) {
        return ex.cookie(NAME);
    }
}
