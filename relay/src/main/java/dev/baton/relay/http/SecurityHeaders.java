package dev.baton.relay.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Headers every answer carries, so no answer (an error, a JSON body, a page) can be framed, sniffed
 * into something executable, or leak its URL (which may carry a pairing code) as a referrer. Pages
 * replace the restrictive policy with {@link WebClient#POLICY}.
 */
final class SecurityHeaders {
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /** A year; the relay is only ever meant to be reached over TLS once it is. */
    static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {}

    /** @param publicTls the public URL is https (TLS may end at a balancer in front) */
    static void apply(Request request, Response response, boolean publicTls) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", API_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        if (publicTls || request.isSecure()) {
            headers.put("Strict-Transport-Security", HSTS);
        }
    }
}
