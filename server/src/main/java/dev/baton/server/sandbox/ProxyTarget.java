package dev.baton.server.sandbox;

import java.net.URI;
import java.net.URISyntaxException;

/** Where a proxied request wants to go: the host as the client named it, the port, and (for plain HTTP) the path. */
record ProxyTarget(String host, int port, String path) {
    /** {@code host:port} or {@code [v6]:port}, as CONNECT names it; null when it is neither. */
    static ProxyTarget ofAuthority(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = authority.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(authority.substring(colon + 1));
        return host.isEmpty() || port < 0 ? null : new ProxyTarget(host, port, null);
    }

    /** {@code http://host[:port]/path?query}; null for anything else ({@code https://} needs CONNECT). */
    static ProxyTarget ofUrl(String url) {
        if (!url.regionMatches(true, 0, "http://", 0, "http://".length())) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        return new ProxyTarget(host, uri.getPort() < 0 ? 80 : uri.getPort(), path);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port > 0 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
