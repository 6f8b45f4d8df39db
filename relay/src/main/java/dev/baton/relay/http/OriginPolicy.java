package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Which pages may drive the relay, and by which name a loopback relay may be asked for.
 *
 * <p>A browser attaches cookies to nothing here (tokens travel in headers the page must hold), but a
 * page elsewhere could still open a stream with a stolen ticket or replay a device's requests; the
 * Origin header is how the relay tells its own web client from such a page. Requests without an Origin
 * come from native clients and scripts and are judged by their token alone.
 *
 * <p>A relay bound to loopback is reachable from any page the user opens, through a DNS name that
 * resolves to 127.0.0.1 (DNS rebinding): such a request names the attacker's host in its Host header,
 * so a loopback relay answers only to its own names. The port in Host is not checked: it does not
 * tell a rebinding page from the relay's own, and a local proxy in front keeps its own port there.
 */
final class OriginPolicy {
    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");

    private final Set<String> origins = new HashSet<>();
    private final Set<String> hosts = new HashSet<>();
    private final boolean checkHost;

    /**
     * @param publicUrl the relay's public base URL; its origin is always allowed
     * @param extraOrigins further origins allowed ({@code --allow-origin})
     * @param loopbackPort the port a loopback-bound relay listens on, or -1 when it is not bound to loopback
     */
    OriginPolicy(URI publicUrl, List<String> extraOrigins, int loopbackPort) {
        origins.add(origin(publicUrl));
        extraOrigins.forEach(extra -> origins.add(origin(URI.create(extra))));
        checkHost = loopbackPort >= 0;
        if (checkHost) {
            for (String name : LOOPBACK_NAMES) {
                hosts.add(name);
                // The relay's own page, reached by another loopback name, is still the relay's own page.
                origins.add("http://" + name + ":" + loopbackPort);
                origins.add("https://" + name + ":" + loopbackPort);
            }
            hosts.add(publicUrl.getHost().toLowerCase(Locale.ROOT));
        }
    }

    static boolean isLoopback(String bind) {
        return bind != null && (bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1"));
    }

    /** Throws {@code host_not_allowed} for a loopback relay asked for by a name that is not its own. */
    void checkHost(Request request) {
        if (!checkHost) {
            return;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || !hosts.contains(hostName(host.toLowerCase(Locale.ROOT)))) {
            throw new ProtocolException(
                    ErrorCode.HOST_NOT_ALLOWED,
                    "this relay listens on loopback and answers only to its own host names, not to the one asked for");
        }
    }

    /** Throws {@code origin_not_allowed} when a request carries an Origin that is not the relay's own. */
    void checkOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            throw new ProtocolException(
                    ErrorCode.ORIGIN_NOT_ALLOWED,
                    "requests from pages on another origin are refused; only the relay's own page (or an"
                            + " --allow-origin) may use it");
        }
    }

    /** {@code host}, {@code [v6]} or {@code name} without its {@code :port}. */
    private static String hostName(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    /** {@code scheme://host[:port]}, lower case, the default port left out, as browsers send it. */
    static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + authority(url);
    }

    private static String authority(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1
                || (port == 80 && url.getScheme().equalsIgnoreCase("http"))
                || (port == 443 && url.getScheme().equalsIgnoreCase("https"));
        return defaultPort ? host : host + ":" + port;
    }
}
