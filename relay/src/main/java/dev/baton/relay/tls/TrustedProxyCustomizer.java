package dev.baton.relay.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Believes {@code X-Forwarded-*} and {@code Forwarded} only from the balancer in front of the relay:
 * from anyone else they would let a client pick its own address (and so escape per-address limits) or
 * claim TLS it never used.
 */
public final class TrustedProxyCustomizer implements HttpConfiguration.Customizer {
    private final Set<String> proxies;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    /** @param proxies IP addresses (literals, so nothing is looked up in DNS) */
    public TrustedProxyCustomizer(List<String> proxies) {
        this.proxies = proxies.stream().map(TrustedProxyCustomizer::canonical).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code ::1} and {@code 0:0:0:0:0:0:0:1} are one address; Jetty reports the long form. */
    private static String canonical(String address) {
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("a trusted proxy must be an IP address, not " + address);
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        return proxies.contains(Request.getRemoteAddr(request))
                ? forwarded.customize(request, responseHeaders)
                : request;
    }
}
